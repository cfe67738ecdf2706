namespace VideoSsl.Synth;

/// <summary>The one way the generators' options report bad values: every failed check, then one exception listing them.</summary>
internal static class SynthChecks
{
    /// <summary>The messages of the checks that failed.</summary>
    public static IReadOnlyList<string> Failed(params (bool Ok, string Message)[] checks) => [.. checks.Where(c => !c.Ok).Select(c => c.Message)];

    /// <summary>Throws <see cref="ArgumentException"/> listing <paramref name="problems"/> when there are any.</summary>
    public static void ThrowIfAny(IReadOnlyList<string> problems, string name)
    {
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), name);
        }
    }
}
