using System.Globalization;

namespace VideoSsl.Evaluation.Labeled;

/// <summary>Reads Kinetics-style CSVs (<c>label,youtube_id,time_start,time_end,split</c>; other columns ignored) and finds each video's local file.</summary>
/// <remarks>
/// Every top-level <c>*.csv</c> whose header names <c>youtube_id</c> is read. With
/// <c>stem = {youtube_id}_{time_start:000000}_{time_end:000000}</c>, the file is the first that exists of
/// <c>{split}/{label}/{stem}</c> (the usual kinetics downloader layout), <c>{split}/{label with '_' for ' '}/{stem}</c>,
/// <c>{label}/{stem}</c>, <c>{split}/{stem}</c>, <c>{stem}</c> and <c>{youtube_id}</c>, each tried with
/// <c>.mp4</c>, <c>.mkv</c> and <c>.webm</c>; <c>{split}</c> is the CSV's value as written. Split values
/// <c>train</c>, <c>val</c>/<c>validate</c>/<c>validation</c> and <c>test</c> are accepted.
/// </remarks>
internal static class KineticsCsvReader
{
    private static readonly string[] Required = ["label", "youtube_id", "time_start", "time_end", "split"];
    private static readonly string[] Extensions = [".mp4", ".mkv", ".webm"];

    /// <summary>The top-level CSVs whose header names youtube_id, in ordinal order.</summary>
    public static IReadOnlyList<string> AnnotationFiles(string root) =>
        Directory.EnumerateFiles(root, "*.csv")
            .Where(f => CsvRecords.Header(f).Contains("youtube_id"))
            .Order(StringComparer.Ordinal)
            .ToList();

    public static async Task<LabeledVideoSet> ReadAsync(string root, CancellationToken cancellationToken)
    {
        var builder = new LabeledSetBuilder(root, LabeledLayout.Kinetics);
        var files = AnnotationFiles(builder.Root);
        if (files.Count == 0)
        {
            throw new AnnotationException(builder.Root, 0, "no CSV with a 'youtube_id' column");
        }
        var present = Directory.EnumerateFiles(builder.Root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(builder.Root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var records = await CsvRecords.ReadAsync(file, cancellationToken).ConfigureAwait(false);
            var header = records[0].Fields;
            var columns = Required.Select(name => Array.IndexOf(header, name)).ToArray();
            if (columns.Any(c => c < 0))
            {
                throw new AnnotationException(file, records[0].Line, $"header lacks column(s) {string.Join(", ", Required.Where((_, i) => columns[i] < 0))}");
            }
            if (records.Count == 1)
            {
                throw new AnnotationException(file, 0, "empty split: the CSV has a header and no rows");
            }
            foreach (var (line, fields) in records.Skip(1))
            {
                if (fields.Length < header.Length)
                {
                    throw new AnnotationException(file, line, $"expected {header.Length} fields, found {fields.Length}");
                }
                var (label, id, rawSplit) = (fields[columns[0]], fields[columns[1]], fields[columns[4]]);
                var start = Seconds(fields[columns[2]], "time_start", file, line);
                var end = Seconds(fields[columns[3]], "time_end", file, line);
                var split = NormalizeSplit(rawSplit) ?? throw new AnnotationException(file, line, $"unknown split '{rawSplit}' (expected train, val or test)");
                if (id.Length == 0 || label.Length == 0)
                {
                    throw new AnnotationException(file, line, "empty youtube_id or label");
                }
                var candidates = Candidates(label, id, start, end, rawSplit).ToList();
                foreach (var candidate in candidates)
                {
                    LabeledSetBuilder.SafeRelativePath(candidate, file, line);
                }
                var path = candidates.FirstOrDefault(present.Contains)
                    ?? throw new AnnotationException(file, line, $"video '{candidates[0]}' does not exist under {builder.Root} (nor any of {candidates.Count - 1} other names tried for '{id}')");
                builder.Add(path, label, split, file, line, mustExist: false);
            }
        }
        return builder.Build();
    }

    /// <summary>The relative paths tried for one row, in order.</summary>
    public static IEnumerable<string> Candidates(string label, string id, int start, int end, string split)
    {
        var stem = $"{id}_{start:000000}_{end:000000}";
        var underscored = label.Replace(' ', '_');
        var stems = new List<string> { $"{split}/{label}/{stem}" };
        if (underscored != label)
        {
            stems.Add($"{split}/{underscored}/{stem}");
        }
        stems.AddRange([$"{label}/{stem}", $"{split}/{stem}", stem, id]);
        return stems.SelectMany(s => Extensions.Select(e => s + e));
    }

    private static string? NormalizeSplit(string split) => split.ToLowerInvariant() switch
    {
        "train" or "training" => Splits.Train,
        "val" or "validate" or "validation" => Splits.Val,
        "test" or "testing" => Splits.Test,
        _ => null,
    };

    private static int Seconds(string text, string column, string file, int line) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 && value <= 999_999 && value == Math.Floor(value)
            ? (int)value
            : throw new AnnotationException(file, line, $"{column} '{text}' is not a whole number of seconds");
}
