using System.Diagnostics;
using FFMpegCore;

namespace VideoSsl.Media;

/// <summary>Finds ffmpeg and ffprobe and points FFMpegCore at them, with a clear error when they are missing.</summary>
public static class FfmpegTools
{
    private static readonly Lazy<FFOptions> Options = new(Locate);

    /// <summary>FFMpegCore options pointing at the located binaries; throws <see cref="InvalidOperationException"/> if ffmpeg is missing.</summary>
    public static FFOptions FFOptions => Options.Value;

    /// <summary>The ffmpeg binary's full path.</summary>
    public static string Ffmpeg => Path.Combine(FFOptions.BinaryFolder, "ffmpeg");

    /// <summary>The ffprobe binary's full path.</summary>
    public static string Ffprobe => Path.Combine(FFOptions.BinaryFolder, "ffprobe");

    private static FFOptions Locate()
    {
        var folder = Environment.GetEnvironmentVariable("VIDEOSSL_FFMPEG_DIR");
        if (string.IsNullOrEmpty(folder))
        {
            folder = (Environment.GetEnvironmentVariable("PATH") ?? "")
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .FirstOrDefault(d => File.Exists(Path.Combine(d, "ffmpeg")) && File.Exists(Path.Combine(d, "ffprobe")));
        }
        if (string.IsNullOrEmpty(folder) || !File.Exists(Path.Combine(folder, "ffmpeg")))
        {
            throw new InvalidOperationException(
                "ffmpeg and ffprobe were not found on PATH (or in VIDEOSSL_FFMPEG_DIR). Install them, e.g. `sudo apt-get install -y ffmpeg`.");
        }
        return new FFOptions { BinaryFolder = folder, TemporaryFilesFolder = Path.GetTempPath() };
    }

    /// <summary>Runs ffmpeg with arguments; returns its exit code, standard error and how many bytes it wrote to standard output (for tools and benchmarks).</summary>
    public static async Task<(int ExitCode, string StandardError, long OutputBytes)> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken = default)
    {
        using var process = Process.Start(StartInfo(arguments)) ?? throw new InvalidOperationException("ffmpeg could not be started.");
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        var counter = new CountingStream();
        var stdout = process.StandardOutput.BaseStream.CopyToAsync(counter, 1 << 16, cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        await stdout.ConfigureAwait(false);
        return (process.ExitCode, await stderr.ConfigureAwait(false), counter.Length);
    }

    /// <summary>How to start ffmpeg with <paramref name="arguments"/>: every standard stream redirected, no shell.</summary>
    internal static ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(Ffmpeg) { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        return start;
    }

    // Discards what is written and counts it.
    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _length += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}
