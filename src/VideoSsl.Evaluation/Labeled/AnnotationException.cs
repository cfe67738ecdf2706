namespace VideoSsl.Evaluation.Labeled;

/// <summary>A problem in a labeled dataset's annotations, naming the file and line (0 when it concerns the whole file).</summary>
public sealed class AnnotationException(string file, int line, string problem)
    : FormatException(line > 0 ? $"{file}:{line}: {problem}" : $"{file}: {problem}")
{
    /// <summary>The annotation file (or folder) the problem is in.</summary>
    public string File { get; } = file;

    /// <summary>1-based line number; 0 when the problem is about the whole file.</summary>
    public int Line { get; } = line;

    /// <summary>What is wrong, without the location.</summary>
    public string Problem { get; } = problem;
}
