using System.Text.Json.Serialization;
using Parquet;
using Parquet.Serialization;

namespace VideoSsl.Inference.Embedding;

/// <summary>One row of an embeddings file: a clip's (or, with --per-video, a video's mean) embedding.</summary>
public sealed class EmbeddingRow
{
    /// <summary>The video's path relative to the source.</summary>
    [JsonPropertyName("path")]
    public string Path { get; set; } = "";

    /// <summary>The clip's index in its video; −1 for a video's mean.</summary>
    [JsonPropertyName("clip")]
    public int Clip { get; set; }

    /// <summary>The clip's first frame in seconds from the start (0 for a video's mean).</summary>
    [JsonPropertyName("start_seconds")]
    public double StartSeconds { get; set; }

    /// <summary>The encoder's pooled clip features.</summary>
    [JsonPropertyName("embedding")]
    public List<float> Embedding { get; set; } = [];
}

/// <summary>Writes and reads embeddings as Parquet (Parquet.Net): columns path, clip, start_seconds, embedding (a list of float), and key-value metadata naming the run, step, model and clip spec.</summary>
public static class EmbeddingFile
{
    /// <summary>The metadata keys every file carries.</summary>
    public const string RunKey = "videossl.run", StepKey = "videossl.step", ModelKey = "videossl.model", ClipSpecKey = "videossl.clip_spec", PerVideoKey = "videossl.per_video";

    /// <summary>The Parquet bytes of <paramref name="rows"/> with <paramref name="metadata"/>.</summary>
    public static async Task<byte[]> ToBytesAsync(IReadOnlyList<EmbeddingRow> rows, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken = default)
    {
        using var stream = new MemoryStream();
        await ParquetSerializer.SerializeAsync(rows, stream, new ParquetOptions(), metadata, cancellationToken).ConfigureAwait(false);
        return stream.ToArray();
    }

    /// <summary>Reads a file written by <see cref="ToBytesAsync"/>: its rows and its metadata.</summary>
    public static async Task<(IList<EmbeddingRow> Rows, IReadOnlyDictionary<string, string> Metadata)> ReadAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        var result = await ParquetSerializer.DeserializeAsync<EmbeddingRow>(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        return (result.Data, result.CustomMetadata);
    }
}
