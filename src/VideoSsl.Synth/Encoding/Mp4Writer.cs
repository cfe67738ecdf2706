using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace VideoSsl.Synth.Encoding;

/// <summary>
/// Encodes raw frames to H.264 MP4 (yuv420p) by piping them to the ffmpeg binary's stdin, with bit-exact settings so
/// equal frames give byte-identical files; a file appears under its final name only after ffmpeg succeeded.
/// </summary>
public sealed class Mp4Writer
{
    /// <summary>Creates a writer.</summary>
    /// <param name="ffmpegPath">The ffmpeg executable: a full path, or a name looked up on PATH.</param>
    /// <param name="crf">x264 constant rate factor; 18 is visually near-lossless, which keeps pixel-level targets
    /// (future-frame prediction) close to the rendered frames.</param>
    public Mp4Writer(string ffmpegPath = "ffmpeg", int crf = 18)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ffmpegPath);
        ArgumentOutOfRangeException.ThrowIfNegative(crf);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(crf, 51);
        FfmpegPath = ffmpegPath;
        Crf = crf;
    }

    public string FfmpegPath { get; }

    public int Crf { get; }

    /// <summary>The suffix of the temporary file a video is encoded to before it is renamed.</summary>
    public const string PartialSuffix = ".partial";

    /// <summary>Encodes <paramref name="video"/> to <paramref name="path"/>, replacing any file there.</summary>
    /// <exception cref="FileNotFoundException">The ffmpeg executable was not found.</exception>
    /// <exception cref="IOException">ffmpeg failed; the message names the file and quotes ffmpeg's error output.</exception>
    public async Task WriteAsync(string path, RawVideo video, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(video);
        if (video.Width % 2 != 0 || video.Height % 2 != 0)
        {
            throw new ArgumentException($"yuv420p needs even frame sizes; got {video.Width}x{video.Height}.", nameof(video));
        }

        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var partial = full + PartialSuffix;
        using var process = Start(Arguments(video, partial));
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        var completed = false;
        try
        {
            var pipeError = await FeedAsync(process, video, cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0 || pipeError is not null)
            {
                throw new IOException(
                    $"ffmpeg failed to encode '{full}' (exit code {process.ExitCode}): {(await stderr).Trim()}", pipeError);
            }

            File.Move(partial, full, overwrite: true);
            completed = true;
        }
        finally
        {
            if (!completed)
            {
                Abandon(process, partial);
            }
        }
    }

    private List<string> Arguments(RawVideo video, string output) =>
    [
        "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
        "-f", "rawvideo", "-pix_fmt", video.Format == RawPixelFormat.Gray8 ? "gray" : "rgb24",
        "-s", $"{video.Width}x{video.Height}", "-framerate", video.Fps.ToString(CultureInfo.InvariantCulture),
        "-i", "pipe:0",
        "-an", "-c:v", "libx264", "-preset", "medium", "-crf", Crf.ToString(CultureInfo.InvariantCulture),
        "-pix_fmt", "yuv420p",
        // Determinism: one encoder thread, no version strings or timestamps in the container.
        "-threads", "1", "-fflags", "+bitexact", "-flags:v", "+bitexact", "-map_metadata", "-1",
        "-movflags", "+faststart", "-f", "mp4", output,
    ];

    private Process Start(List<string> arguments)
    {
        var info = new ProcessStartInfo(FfmpegPath)
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        try
        {
            return Process.Start(info) ?? throw new InvalidOperationException($"ffmpeg '{FfmpegPath}' did not start.");
        }
        catch (Win32Exception e)
        {
            throw new FileNotFoundException(
                $"ffmpeg was not found or could not run ('{FfmpegPath}': {e.Message}). Install it (e.g. 'apt-get install ffmpeg') or pass its full path.",
                FfmpegPath, e);
        }
    }

    /// <summary>Writes all frames and closes stdin; returns the pipe error if ffmpeg quit early (its stderr says why).</summary>
    private static async Task<IOException?> FeedAsync(Process process, RawVideo video, CancellationToken cancellationToken)
    {
        var stdin = process.StandardInput.BaseStream;
        try
        {
            foreach (var frame in video.Frames)
            {
                if (frame.Length != video.FrameBytes)
                {
                    throw new ArgumentException($"A frame has {frame.Length} bytes; {video.Width}x{video.Height} {video.Format} needs {video.FrameBytes}.", nameof(video));
                }

                await stdin.WriteAsync(frame, cancellationToken);
            }

            await stdin.FlushAsync(cancellationToken);
            stdin.Close();
            return null;
        }
        catch (IOException e)
        {
            return e;
        }
    }

    private static void Abandon(Process process, string partial)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }

        File.Delete(partial);
    }
}
