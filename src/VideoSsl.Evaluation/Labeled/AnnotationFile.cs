namespace VideoSsl.Evaluation.Labeled;

/// <summary>Reads annotation text files as numbered, trimmed, non-blank lines.</summary>
internal static class AnnotationFile
{
    public static async Task<IReadOnlyList<(int Line, string Text)>> ReadLinesAsync(string file, CancellationToken cancellationToken)
    {
        if (!File.Exists(file))
        {
            throw new AnnotationException(file, 0, "annotation file not found");
        }
        var lines = await File.ReadAllLinesAsync(file, cancellationToken).ConfigureAwait(false);
        return lines.Select((text, i) => (Line: i + 1, Text: text.Trim())).Where(l => l.Text.Length > 0).ToList();
    }

    /// <summary>Splits on runs of spaces or tabs.</summary>
    public static string[] Tokens(string text) => text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
}
