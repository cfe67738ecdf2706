using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using VideoSsl.Models;
using VideoSsl.Storage;
using VideoSsl.Training.Supervised;

namespace VideoSsl.Training;

/// <summary>What must match between a checkpoint and the options resuming it for the continuation to be exact (see <see cref="PretrainOptions.Signature"/>).</summary>
/// <param name="ValidationVideos">Videos per dataset held out of training (<see cref="HoldOut"/>); 0 in checkpoints written before there was a hold-out.</param>
public sealed record TrainingSignature(string Dataset, string DatasetVersion, int GradAccumulation, long Seed, InputOptions Input, ObjectiveOptions Objective, int ValidationVideos = 0);

/// <summary>The readable part of a checkpoint: step, pipeline position, model config, signature and the options that made it.</summary>
/// <param name="Classifier">Set in a classifier's checkpoint (<c>videossl finetune</c>): its classes, clip spec and the
/// pretraining run it came from; the model payload is then the classifier's (encoder and head), and the signature and
/// options are the pretraining run's.</param>
public sealed record CheckpointHeader(
    int FormatVersion,
    int Step,
    long MicroBatchesConsumed,
    VideoModelConfig Model,
    TrainingSignature Signature,
    PretrainOptions Options,
    DateTimeOffset CreatedUtc,
    string TorchRngState,
    long ModelBytes,
    long OptimizerBytes,
    string PayloadSha256,
    ClassifierInfo? Classifier = null);

/// <summary>A whole checkpoint in memory: header, model weights (TorchSharp format) and optimizer state.</summary>
/// <remarks>
/// Layout of the single blob: "VSSLCKPT", int32 header length, UTF-8 JSON header, model bytes, optimizer bytes.
/// The header carries the SHA-256 of the two payloads, so truncation or corruption is detected before anything loads.
/// </remarks>
public sealed record Checkpoint(CheckpointHeader Header, byte[] Model, byte[] Optimizer)
{
    public const int CurrentFormat = 1;
    private static readonly byte[] Magic = "VSSLCKPT"u8.ToArray();

    /// <summary>Builds a checkpoint, computing sizes and checksum.</summary>
    public static Checkpoint Create(int step, long microBatches, VideoModelConfig model, TrainingSignature signature, PretrainOptions options, byte[] rngState, byte[] modelBytes, byte[] optimizerBytes) =>
        new(new CheckpointHeader(CurrentFormat, step, microBatches, model, signature, options, DateTimeOffset.UtcNow,
            Convert.ToBase64String(rngState), modelBytes.Length, optimizerBytes.Length, Hash(modelBytes, optimizerBytes)), modelBytes, optimizerBytes);

    /// <summary>Serializes to one blob.</summary>
    public byte[] ToBytes()
    {
        var header = JsonSerializer.SerializeToUtf8Bytes(Header, BlobStoreExtensions.Json);
        var bytes = new byte[Magic.Length + 4 + header.Length + Model.Length + Optimizer.Length];
        var span = bytes.AsSpan();
        Magic.CopyTo(span);
        BitConverter.TryWriteBytes(span[Magic.Length..], header.Length);
        header.CopyTo(span[(Magic.Length + 4)..]);
        Model.CopyTo(span[(Magic.Length + 4 + header.Length)..]);
        Optimizer.CopyTo(span[(Magic.Length + 4 + header.Length + Model.Length)..]);
        return bytes;
    }

    /// <summary>Parses and verifies a blob; throws <see cref="CheckpointException"/> saying what is wrong.</summary>
    public static Checkpoint Parse(string path, byte[] bytes)
    {
        if (bytes.Length < Magic.Length + 4 || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new CheckpointException($"'{path}' is not a videossl checkpoint (bad magic; {bytes.Length} bytes).");
        }
        var headerLength = BitConverter.ToInt32(bytes, Magic.Length);
        if (headerLength <= 0 || Magic.Length + 4L + headerLength > bytes.Length)
        {
            throw new CheckpointException($"Checkpoint '{path}' is truncated (header of {headerLength} bytes does not fit in {bytes.Length}).");
        }
        CheckpointHeader header;
        try
        {
            header = JsonSerializer.Deserialize<CheckpointHeader>(FlatHeaders.Nest(bytes.AsSpan(Magic.Length + 4, headerLength)), BlobStoreExtensions.Json)
                ?? throw new JsonException("empty header");
        }
        catch (JsonException e)
        {
            throw new CheckpointException($"Checkpoint '{path}' has an unreadable header ({e.Message}).", e);
        }
        if (header.FormatVersion != CurrentFormat)
        {
            throw new CheckpointException($"Checkpoint '{path}' has format {header.FormatVersion}; this build reads format {CurrentFormat}.");
        }
        var start = Magic.Length + 4 + headerLength;
        if (start + header.ModelBytes + header.OptimizerBytes != bytes.Length)
        {
            throw new CheckpointException($"Checkpoint '{path}' is truncated or padded: {bytes.Length} bytes, its header describes {start + header.ModelBytes + header.OptimizerBytes}.");
        }
        var model = bytes.AsSpan(start, (int)header.ModelBytes).ToArray();
        var optimizer = bytes.AsSpan(start + (int)header.ModelBytes, (int)header.OptimizerBytes).ToArray();
        if (Hash(model, optimizer) != header.PayloadSha256)
        {
            throw new CheckpointException($"Checkpoint '{path}' is corrupt (checksum mismatch); delete it and its latest.json entry to resume from an earlier one.");
        }
        return new Checkpoint(header, model, optimizer);
    }

    /// <summary>Reads and verifies a checkpoint from the store.</summary>
    public static async Task<Checkpoint> ReadAsync(IBlobStore store, string path, CancellationToken cancellationToken = default)
    {
        byte[] bytes;
        try
        {
            bytes = await store.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (BlobNotFoundException)
        {
            throw new CheckpointException($"Checkpoint '{path}' does not exist in {store.Description}.");
        }
        return Parse(path, bytes);
    }

    /// <summary>
    /// The one way into a run's checkpoints for the verbs that use a trained model (evaluate, predict): the checkpoint
    /// at <paramref name="path"/> when one is given, else the run's latest; a run without one is an error saying how to make it.
    /// </summary>
    /// <exception cref="CheckpointException">No checkpoint, or a missing, corrupt or unreadable one.</exception>
    public static async Task<Checkpoint> FindAsync(IBlobStore store, string runName, string? path = null, CancellationToken cancellationToken = default) =>
        path is not null
            ? await ReadAsync(store, path, cancellationToken).ConfigureAwait(false)
            : await ReadLatestAsync(store, new RunLayout(runName), cancellationToken).ConfigureAwait(false)
                ?? throw new CheckpointException($"Run '{runName}' has no checkpoint in {store.Description}; run `videossl pretrain --run {runName}` first.");

    /// <summary>Reads the run's latest checkpoint, or null when the run has none (pretraining, which may start one).</summary>
    public static async Task<Checkpoint?> ReadLatestAsync(IBlobStore store, RunLayout run, CancellationToken cancellationToken = default)
    {
        LatestCheckpoint? latest;
        try
        {
            latest = await run.ReadLatestAsync(store, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            throw new CheckpointException($"Run '{run.RunName}': {e.Message}", e);
        }
        if (latest is null)
        {
            return null;
        }
        if (!await store.ExistsAsync(latest.Path, cancellationToken).ConfigureAwait(false))
        {
            throw new CheckpointException($"Run '{run.RunName}': {run.LatestPointer} points at '{latest.Path}', which does not exist in {store.Description}.");
        }
        return await ReadAsync(store, latest.Path, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the checkpoint blob, then the latest pointer, then prunes old checkpoints beyond <paramref name="keep"/>.</summary>
    public async Task<string> WriteAsync(IBlobStore store, RunLayout run, int keep, CancellationToken cancellationToken = default)
    {
        var path = run.Checkpoint(Header.Step);
        await store.WriteBytesAsync(path, ToBytes(), cancellationToken).ConfigureAwait(false);
        await run.WriteLatestAsync(store, new LatestCheckpoint(Header.Step, path, Header.CreatedUtc), cancellationToken).ConfigureAwait(false);
        if (keep > 0)
        {
            var old = new List<string>();
            await foreach (var blob in store.ListAsync(run.CheckpointFolder + "step-", cancellationToken).ConfigureAwait(false))
            {
                old.Add(blob.Path);
            }
            foreach (var stale in old.Where(p => p.EndsWith(".ckpt", StringComparison.Ordinal)).Order(StringComparer.Ordinal).SkipLast(keep))
            {
                await store.DeleteAsync(stale, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
        return path;
    }

    /// <summary>Why this checkpoint cannot continue under <paramref name="model"/> and <paramref name="signature"/>; empty when it can.</summary>
    public IReadOnlyList<string> Incompatibilities(VideoModelConfig model, TrainingSignature signature)
    {
        var problems = new List<string>();
        Compare("model", Header.Model, model, problems);
        Compare("training", Header.Signature, signature, problems);
        return problems;
    }

    // Nested settings (the signature's Input and Objective) are compared value by value, so a message names the setting.
    private static void Compare(string what, object? saved, object? now, List<string> problems)
    {
        foreach (var property in (saved ?? now)!.GetType().GetProperties().Where(p => p.GetIndexParameters().Length == 0 && p.CanWrite))
        {
            var a = saved is null ? null : property.GetValue(saved);
            var b = now is null ? null : property.GetValue(now);
            if (FlatHeaders.IsGroup(property.PropertyType))
            {
                Compare(what, a, b, problems);
            }
            else if (!Equals(a, b))
            {
                problems.Add($"{what} {property.Name}: checkpoint {a}, now {b}");
            }
        }
    }

    private static string Hash(byte[] model, byte[] optimizer)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(model);
        sha.AppendData(optimizer);
        return Convert.ToHexString(sha.GetHashAndReset());
    }
}

/// <summary>Thrown when a checkpoint is missing, corrupt, or does not fit the run resuming it.</summary>
public sealed class CheckpointException : Exception
{
    public CheckpointException(string message) : base(message) { }

    public CheckpointException(string message, Exception inner) : base(message, inner) { }
}
