using System.Diagnostics;

namespace VideoSsl.Media;

/// <summary>One running ffmpeg: standard input closed, standard error read line by line into an <see cref="FfmpegLog"/>.</summary>
internal sealed class FfmpegProcess : IDisposable
{
    /// <summary>Options every decoding launch starts with: no banner, no keyboard, no progress, level-tagged messages, stop at the first error.</summary>
    public static readonly string[] CommonArguments = ["-hide_banner", "-nostdin", "-nostats", "-loglevel", "level+info", "-xerror"];

    private readonly Process _process;
    private readonly Task _stderr;

    private FfmpegProcess(Process process, FfmpegLog log)
    {
        _process = process;
        Log = log;
        _process.StandardInput.Close();
        _stderr = PumpAsync(process.StandardError, log);
    }

    /// <summary>What ffmpeg has said so far.</summary>
    public FfmpegLog Log { get; }

    /// <summary>Raw output written to <c>pipe:1</c>.</summary>
    public Stream StandardOutput => _process.StandardOutput.BaseStream;

    /// <summary>Starts ffmpeg; a failure to start may pass on a second try.</summary>
    public static FfmpegProcess Start(IEnumerable<string> arguments, FfmpegLog log)
    {
        Process? process;
        try
        {
            process = Process.Start(FfmpegTools.StartInfo(arguments));
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new TransientMediaException($"ffmpeg could not be started: {e.Message}", e);
        }
        return new FfmpegProcess(process ?? throw new TransientMediaException("ffmpeg could not be started"), log);
    }

    /// <summary>Waits for ffmpeg to exit and for its standard error to be read to the end; returns the exit code.</summary>
    public async Task<int> WaitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        await _stderr.ConfigureAwait(false);
        return _process.ExitCode;
    }

    /// <summary>Exit codes of a process killed by a signal (SIGKILL, SIGSEGV) rather than one that reported an error.</summary>
    public static bool IsKilled(int exitCode) => exitCode is 137 or 139;

    /// <summary>Stops ffmpeg if it still runs.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private static async Task PumpAsync(StreamReader reader, FfmpegLog log)
    {
        try
        {
            while (await reader.ReadLineAsync(CancellationToken.None).ConfigureAwait(false) is { } line)
            {
                log.Add(line);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The process was killed and its pipe closed: what was read is what there is.
        }
        finally
        {
            log.Complete();
        }
    }
}
