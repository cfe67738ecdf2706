namespace VideoSsl.Pipelines.Spec;

/// <summary>One problem in a spec: the file, the key (dotted path), the line, and what is wrong.</summary>
public sealed record SpecProblem(string File, string Key, int Line, string Message)
{
    /// <inheritdoc />
    public override string ToString() =>
        (Line > 0 ? $"{File}:{Line}: " : $"{File}: ") + (Key.Length > 0 ? $"{Key}: " : "") + Message;
}

/// <summary>A pipeline spec that cannot be used; the message lists every problem, one per line.</summary>
public sealed class PipelineSpecException : ArgumentException
{
    public PipelineSpecException(IReadOnlyList<SpecProblem> problems)
        : base(Describe(problems))
    {
        Problems = problems;
    }

    public PipelineSpecException(string file, string key, int line, string message)
        : this([new SpecProblem(file, key, line, message)])
    {
    }

    public IReadOnlyList<SpecProblem> Problems { get; }

    private static string Describe(IReadOnlyList<SpecProblem> problems) =>
        problems.Count == 1
            ? $"Invalid pipeline spec: {problems[0]}"
            : $"Invalid pipeline spec ({problems.Count} problems):" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => $"  {p}"));
}
