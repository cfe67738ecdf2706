using YamlDotNet.RepresentationModel;

namespace VideoSsl.Pipelines.Spec;

/// <summary>Collects a spec's problems, each with its file, dotted key and line, so one load reports all of them.</summary>
internal sealed class SpecProblems(string file)
{
    private readonly List<SpecProblem> _problems = [];
    private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);

    public string File { get; } = file;

    public int Count => _problems.Count;

    /// <summary>Remembers the line <paramref name="path"/> is written on (its key's line, for a key).</summary>
    public void Mark(string path, YamlNode node) => _lines.TryAdd(path, (int)node.Start.Line);

    /// <summary>The line of <paramref name="path"/>, or of the closest enclosing key written in the file (0 when none is).</summary>
    public int Line(string path)
    {
        while (!_lines.ContainsKey(path) && path.Length > 0)
        {
            var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
            path = cut < 0 ? "" : path[..cut];
        }
        return _lines.GetValueOrDefault(path);
    }

    /// <summary>Adds a problem at <paramref name="path"/>'s line; the same problem found twice (a setting every dataset shares) is kept once.</summary>
    public void Add(string path, string message) => Add(new SpecProblem(File, path, Line(path), message));

    public void Add(string path, YamlNode at, string message) => Add(new SpecProblem(File, path, (int)at.Start.Line, message));

    private void Add(SpecProblem problem)
    {
        if (!_problems.Contains(problem))
        {
            _problems.Add(problem);
        }
    }

    public void ThrowIfAny()
    {
        if (_problems.Count > 0)
        {
            throw new PipelineSpecException(_problems);
        }
    }
}
