using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace VideoSsl.Evaluation.Labeled;

/// <summary>Reads RFC 4180 CSV files (CsvHelper: quoted fields may hold commas, "" quotes and line breaks) as trimmed records numbered by the line each starts on.</summary>
internal static class CsvRecords
{
    private static readonly CsvConfiguration Configuration = new(CultureInfo.InvariantCulture)
    {
        HasHeaderRecord = false,
        IgnoreBlankLines = true,
        TrimOptions = TrimOptions.Trim | TrimOptions.InsideQuotes,
        // A stray quote inside an unquoted field is kept as text rather than failing the whole file.
        BadDataFound = null,
    };

    /// <summary>Every record of <paramref name="file"/> that has a non-blank field, with the 1-based line it starts on.</summary>
    public static async Task<IReadOnlyList<(int Line, string[] Fields)>> ReadAsync(string file, CancellationToken cancellationToken)
    {
        if (!File.Exists(file))
        {
            throw new AnnotationException(file, 0, "annotation file not found");
        }
        using var reader = new StreamReader(file);
        using var parser = new CsvParser(reader, Configuration);
        var records = new List<(int Line, string[] Fields)>();
        while (await parser.ReadAsync().ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var fields = parser.Record ?? [];
            if (fields.All(f => f.Length == 0))
            {
                continue;
            }
            // RawRow is the line the record ends on; a quoted field with line breaks started that many lines earlier.
            var breaks = parser.RawRecord.TrimEnd('\r', '\n').Count(c => c == '\n');
            records.Add((parser.RawRow - breaks, fields));
        }
        return records;
    }

    /// <summary>The first record of <paramref name="file"/> (its header), or empty when it has none.</summary>
    public static string[] Header(string file)
    {
        using var reader = new StreamReader(file);
        using var parser = new CsvParser(reader, Configuration);
        return parser.Read() ? parser.Record ?? [] : [];
    }
}
