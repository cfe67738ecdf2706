using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using VideoSsl.Clips.Shards;
using VideoSsl.Storage;

namespace VideoSsl.Clips;

/// <summary>What one clip is: frame rate, square frame size, color, frames per clip and the stride between clip starts.</summary>
/// <remarks>Two ingestions with different specs never mix: the spec's hash names the dataset version.</remarks>
/// <param name="FrameRate">Constant frame rate clips are resampled to.</param>
/// <param name="Size">Side of the square frames: short side scaled to this, long side center-cropped.</param>
/// <param name="Color">rgb or gray.</param>
/// <param name="Frames">Frames per clip (T).</param>
/// <param name="Stride">Frames between the starts of consecutive clips.</param>
public sealed record ClipSpec(double FrameRate = 10, int Size = 64, ColorMode Color = ColorMode.Rgb, int Frames = 20, int Stride = 20)
{
    /// <summary>Bytes per pixel.</summary>
    [JsonIgnore]
    public int Channels => Color == ColorMode.Gray ? 1 : 3;

    /// <summary>The layout of one clip's bytes.</summary>
    [JsonIgnore]
    public ClipShape Shape => new(Frames, Size, Size, Channels);

    /// <summary>The dataset version these settings produce: "v" and 12 hex digits of the spec's hash.</summary>
    [JsonIgnore]
    public string Version
    {
        get
        {
            var canonical = JsonSerializer.Serialize(new { ShardFormat.Version, FrameRate, Size, Color = Color.ToString(), Frames, Stride }, BlobStoreExtensions.Json);
            return "v" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))[..12].ToLowerInvariant();
        }
    }

    /// <summary>Returns the problems with this spec, empty when it is usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!(FrameRate is > 0 and <= 240))
        {
            problems.Add($"fps: {FrameRate} is outside (0, 240]");
        }
        if (Size is < 8 or > 1024)
        {
            problems.Add($"size: {Size} is outside [8, 1024]");
        }
        if (Frames is < 1 or > 1024)
        {
            problems.Add($"frames: {Frames} is outside [1, 1024]");
        }
        if (Stride is < 1 or > 100_000)
        {
            problems.Add($"stride: {Stride} is outside [1, 100000]");
        }
        return problems;
    }
}

/// <summary>Grayscale (1 byte per pixel) or RGB (3 bytes per pixel).</summary>
public enum ColorMode
{
    Gray,
    Rgb,
}

/// <summary>The layout of one clip: T frames of H×W pixels with C uint8 channels, stored [T][H][W][C].</summary>
public readonly record struct ClipShape(int Frames, int Height, int Width, int Channels)
{
    /// <summary>Bytes in one frame.</summary>
    public int FrameBytes => Height * Width * Channels;

    /// <summary>Bytes in one clip.</summary>
    public int ClipBytes => Frames * FrameBytes;

    public override string ToString() => $"{Frames}x{Height}x{Width}x{Channels}";
}
