namespace VideoSsl.Media;

/// <summary>Decodes many videos in one ffmpeg process, one raw output file per input, so that short videos do not each pay for a launch.</summary>
/// <remarks>
/// Launching ffmpeg costs more CPU than decoding a two-second clip; one process takes every input with its own
/// <c>-i</c> and writes input k's stream (<c>-map k:v:0</c>, the same filter graph as <see cref="FrameDecoder"/>) to
/// its own file, so frames of one input cannot reach another's output. The files are read after ffmpeg exits, which
/// also means a slow reader never loses a frame. Each decoder runs single-threaded (<c>-threads 1</c>): the parallelism
/// comes from running several groups at once, and one decoder thread per tiny input is cheaper than a pool of them.
/// A failure of any input stops the whole group (<c>-xerror</c>); the result then names the input to blame when
/// ffmpeg's messages do, and the caller isolates it.
/// </remarks>
public static class GroupDecoder
{
    /// <summary>The folder group outputs are written under: <c>/dev/shm</c> where it has room (and <c>TMPDIR</c> is not set), else the temporary folder.</summary>
    public static string OutputRoot => WorkFolders.Root;

    /// <summary>Decodes <paramref name="files"/> together; dispose the result to remove its output files.</summary>
    /// <exception cref="TransientMediaException">ffmpeg could not start, or was killed without saying why.</exception>
    public static async Task<GroupDecode> DecodeAsync(IReadOnlyList<string> files, FrameFormat format, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(format);
        var folder = WorkFolders.Create();
        var outputs = files.Select((_, i) => Path.Combine(folder, $"{i}.raw")).ToArray();
        var arguments = new List<string>(FfmpegProcess.CommonArguments);
        foreach (var file in files)
        {
            arguments.AddRange(["-threads", "1", "-i", file]);
        }
        for (var i = 0; i < files.Count; i++)
        {
            arguments.AddRange(format.OutputArguments(i, outputs[i]));
        }
        var refusal = new Refusal();
        var log = new FfmpegLog(files) { OnInputSize = refusal.Check };
        try
        {
            using var ffmpeg = FfmpegProcess.Start(arguments, log);
            refusal.Attach(ffmpeg);
            var exitCode = await ffmpeg.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (refusal.Input is { } refused)
            {
                // An absurd frame size: ffmpeg was stopped before decoding it, and the reason needs nothing more.
                return new GroupDecode(folder, outputs, false, refused, refusal.Reason, refusal.Reason ?? "");
            }
            var errors = log.Errors.Trim();
            if (exitCode != 0)
            {
                if (FfmpegProcess.IsKilled(exitCode) && errors.Length == 0)
                {
                    throw new TransientMediaException($"ffmpeg was killed (exit code {exitCode}) without an error message, decoding {files.Count} videos");
                }
                return new GroupDecode(folder, outputs, false, log.Culprit(), null, Reasons.FromFfmpegOutput(errors.Length > 0 ? errors : $"exit code {exitCode}"));
            }
            // Every output must come from an input whose frame size was read and checked.
            var undescribed = Enumerable.Range(0, files.Count).FirstOrDefault(i => log.SizeOf(i) is null, -1);
            if (undescribed >= 0)
            {
                return new GroupDecode(folder, outputs, false, undescribed, null, "ffmpeg did not describe the input's video stream");
            }
            return new GroupDecode(folder, outputs, true, null, null, "");
        }
        catch
        {
            WorkFolders.Remove(folder);
            throw;
        }
    }

    // Stops ffmpeg at the first input whose description shows an absurd frame size, before it decodes a frame of it.
    private sealed class Refusal
    {
        private readonly Lock _lock = new();
        private FfmpegProcess? _process;

        public int? Input { get; private set; }

        public string? Reason { get; private set; }

        public void Check(int input, int width, int height)
        {
            try
            {
                VideoProber.Check(width, height);
            }
            catch (UnusableVideoException e)
            {
                lock (_lock)
                {
                    if (Input is null)
                    {
                        (Input, Reason) = (input, e.Message);
                        _process?.Kill();
                    }
                }
            }
        }

        public void Attach(FfmpegProcess process)
        {
            lock (_lock)
            {
                _process = process;
                if (Input is not null)
                {
                    process.Kill();
                }
            }
        }
    }
}

/// <summary>The outcome of one <see cref="GroupDecoder"/> launch; disposing it removes the output files.</summary>
public sealed class GroupDecode : IDisposable
{
    private readonly string _folder;

    internal GroupDecode(string folder, IReadOnlyList<string> outputs, bool succeeded, int? culprit, string? culpritReason, string error)
    {
        _folder = folder;
        Outputs = outputs;
        Succeeded = succeeded;
        Culprit = culprit;
        CulpritReason = culpritReason;
        Error = error;
    }

    /// <summary>True when ffmpeg decoded every input to the end.</summary>
    public bool Succeeded { get; }

    /// <summary>Raw frame files, one per input in input order (complete only when <see cref="Succeeded"/>).</summary>
    public IReadOnlyList<string> Outputs { get; }

    /// <summary>The input the failure is blamed on, when ffmpeg's messages (or where it stopped) say which.</summary>
    public int? Culprit { get; }

    /// <summary>Why <see cref="Culprit"/> cannot be used, when that is known without decoding it alone.</summary>
    public string? CulpritReason { get; }

    /// <summary>One line on what went wrong (empty on success).</summary>
    public string Error { get; }

    public void Dispose() => WorkFolders.Remove(_folder);
}
