using System.Text.RegularExpressions;

namespace VideoSsl.Media;

/// <summary>Reads ffmpeg's standard error, written with <c>-loglevel level+info</c>: each input's frame size, and the error lines.</summary>
/// <remarks>
/// ffmpeg prints a summary of every input as it opens it ("Input #3, ... from '...'", then "  Stream #3:0...: Video:
/// h264 ..., 128x96 ..."), all before it decodes a frame, and tags every message with its level. That summary is what a
/// separate ffprobe launch used to supply (the frame size, for the absurd-size check); the error-level lines are what
/// <c>-v error</c> used to print (for reasons), and they often name the input a failure belongs to.
/// </remarks>
internal sealed partial class FfmpegLog(IReadOnlyList<string> inputs)
{
    private const int MaxErrorLines = 200;
    private readonly (int Width, int Height)?[] _sizes = new (int, int)?[inputs.Count];
    private readonly Queue<string> _errors = new();
    private readonly TaskCompletionSource _header = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string _level = "info";
    private int _section = -1;
    private bool _inOutput;
    private bool _transcoding;

    /// <summary>Called with (input, width, height) as soon as an input's first video stream is described.</summary>
    public Action<int, int, int>? OnInputSize { get; init; }

    /// <summary>Inputs whose summary has been printed (ffmpeg opens them in order and stops at the first it cannot open).</summary>
    public int InputsOpened { get; private set; }

    /// <summary>Completes once every input has been described (before the first frame is written), or at the end of the log.</summary>
    public Task HeaderRead => _header.Task;

    /// <summary>The frame size of an input's first video stream, if ffmpeg described one.</summary>
    public (int Width, int Height)? SizeOf(int input) => _sizes[input];

    /// <summary>The error lines as <c>-v error</c> would have printed them (the most recent ones).</summary>
    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return string.Join('\n', _errors);
            }
        }
    }

    /// <summary>Takes one line of standard error.</summary>
    public void Add(string line)
    {
        var match = Tagged().Match(line);
        string message;
        if (match.Success)
        {
            _level = match.Groups["level"].Value;
            message = match.Groups["message"].Value;
            line = match.Groups["context"].Value + message;
        }
        else
        {
            // The second and later lines of one multi-line message carry no tag; they share the first line's level.
            message = line;
        }
        if (_level is "error" or "fatal" or "panic")
        {
            lock (_errors)
            {
                _errors.Enqueue(line);
                if (_errors.Count > MaxErrorLines)
                {
                    _errors.Dequeue();
                }
            }
        }
        else if (_level == "info")
        {
            ReadSummary(message);
        }
    }

    /// <summary>Marks the end of the log.</summary>
    public void Complete() => _header.TrySetResult();

    /// <summary>The input a failure belongs to, when the error lines or the point where ffmpeg stopped say so.</summary>
    public int? Culprit()
    {
        string[] lines;
        lock (_errors)
        {
            lines = [.. _errors];
        }
        foreach (var line in lines.Reverse())
        {
            // "/videos/x.mp4: Invalid data found when processing input" (opening failed).
            var named = Enumerable.Range(0, inputs.Count).Where(i => line.StartsWith(inputs[i] + ": ", StringComparison.Ordinal)).ToList();
            if (named.Count > 0)
            {
                return named.MaxBy(i => inputs[i].Length);
            }
            var indexed = Indexed().Match(line);
            if (indexed.Success && int.TryParse(indexed.Groups["input"].Value, out var input) && input < inputs.Count)
            {
                return input;
            }
        }
        // Inputs are opened one after another before anything is decoded; a failure there stops at the one that failed.
        return !_transcoding && InputsOpened < inputs.Count ? InputsOpened : null;
    }

    private void ReadSummary(string message)
    {
        var section = Section().Match(message);
        if (section.Success)
        {
            _inOutput = section.Groups["kind"].Value == "Output";
            if (_inOutput)
            {
                _transcoding = true;
                _header.TrySetResult();
            }
            else if (int.TryParse(section.Groups["index"].Value, out var index) && index < inputs.Count)
            {
                _section = index;
                InputsOpened = Math.Max(InputsOpened, index + 1);
            }
            return;
        }
        if (message.StartsWith("Stream mapping:", StringComparison.Ordinal))
        {
            _transcoding = true;
            _header.TrySetResult();
            return;
        }
        if (_inOutput || _section < 0)
        {
            return;
        }
        var stream = VideoStream().Match(message);
        if (!stream.Success || !int.TryParse(stream.Groups["input"].Value, out var owner) || owner != _section || _sizes[owner] is not null)
        {
            return;
        }
        var size = FrameSize().Match(stream.Groups["description"].Value);
        if (size.Success && int.TryParse(size.Groups["w"].Value, out var width) && int.TryParse(size.Groups["h"].Value, out var height))
        {
            _sizes[owner] = (width, height);
            OnInputSize?.Invoke(owner, width, height);
        }
    }

    // "[h264 @ 0x55d0c0] [error] message", "[error] message", "[info]   Stream #0:0...".
    [GeneratedRegex(@"^(?<context>\[[^\]]+ @ 0x[0-9a-fA-F]+\] )?\[(?<level>quiet|panic|fatal|error|warning|info|verbose|debug|trace)\] (?<message>.*)$")]
    private static partial Regex Tagged();

    [GeneratedRegex(@"^(?<kind>Input|Output) #(?<index>\d+), ")]
    private static partial Regex Section();

    // Only the stream lines of the summary (two spaces in); metadata values are indented further.
    [GeneratedRegex(@"^  Stream #(?<input>\d+):\d+\S*: Video: (?<description>.*)$")]
    private static partial Regex VideoStream();

    // libavcodec writes the coded size as ", WxH" after the pixel format.
    [GeneratedRegex(@", (?<w>\d{1,9})x(?<h>\d{1,9})(?=[ ,]|$)")]
    private static partial Regex FrameSize();

    // "Stream map '3:v:0' matches no streams.", "Error while decoding stream #3:0: ...", and output k, which takes input k:
    // "Error initializing output stream 3:0 -- ...".
    [GeneratedRegex(@"(?:Stream map '(?<input>\d+):|stream #(?<input>\d+):|output stream (?<input>\d+):)", RegexOptions.IgnoreCase)]
    private static partial Regex Indexed();
}
