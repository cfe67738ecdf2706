using System.Buffers.Binary;
using System.Numerics;
using VideoSsl.Storage;
using VideoSsl.Storage.Folder;

namespace VideoSsl.Training.Tests;

/// <summary>TensorBoard event files of a run: in place in a folder store, uploaded to any other store; framed as TFRecord.</summary>
public class TensorBoardLogTests
{
    [Fact]
    public async Task A_run_writes_parsable_event_files_with_losses_validation_and_strips()
    {
        using var fixture = await TrainingFixture.CreateAsync();
        var options = TrainingFixture.Options("board", 4) with { CheckpointEvery = 2, ValidationVideos = 6, ValidationClips = 4, ValidateEvery = 2 };

        var result = await PretrainRunner.RunAsync(options, fixture.Store);

        Assert.Equal(new RunLayout("board").TensorBoard, result.TensorBoardFolder);
        var root = ((FolderBlobStore)fixture.Store).GetLocalPath(result.TensorBoardFolder!);
        var train = Directory.GetFiles(Path.Combine(root, "train"), "events.out.tfevents.*").Single();
        var validation = Directory.GetFiles(Path.Combine(root, "validation"), "events.out.tfevents.*").Single();
        AssertEvents(await File.ReadAllBytesAsync(train), await File.ReadAllBytesAsync(validation));
    }

    [Fact]
    public async Task A_store_that_is_not_a_folder_gets_the_event_files_uploaded()
    {
        using var fixture = await TrainingFixture.CreateAsync();
        var store = new NotAFolder(fixture.Store);
        var options = TrainingFixture.Options("board-blob", 4) with { CheckpointEvery = 2, ValidationVideos = 6, ValidationClips = 4, ValidateEvery = 2 };

        var result = await PretrainRunner.RunAsync(options, store);

        var files = await store.ListAsync(result.TensorBoardFolder! + "/").Select(b => b.Path).ToListAsync();
        Assert.Equal(2, files.Count);
        var train = files.Single(f => f.Contains("/train/events.out.tfevents.", StringComparison.Ordinal));
        var validation = files.Single(f => f.Contains("/validation/events.out.tfevents.", StringComparison.Ordinal));
        AssertEvents(await store.ReadAllBytesAsync(train), await store.ReadAllBytesAsync(validation));
        // The local copy is gone once uploaded.
        var scratch = Path.Combine(Path.GetTempPath(), "videossl-tensorboard");
        Assert.False(Directory.Exists(scratch) && Directory.EnumerateDirectories(scratch, $"board-blob-{Environment.ProcessId}-*").Any());
    }

    private static void AssertEvents(byte[] trainFile, byte[] validationFile)
    {
        var train = Records(trainFile).Select(Tensorboard.Event.Parser.ParseFrom).ToList();
        var validation = Records(validationFile).Select(Tensorboard.Event.Parser.ParseFrom).ToList();
        Assert.Equal("brain.Event:2", train[0].FileVersion);
        Assert.Equal("brain.Event:2", validation[0].FileVersion);

        var scalars = train.Skip(1).SelectMany(e => e.Summary.Value.Select(v => (v.Tag, e.Step, v.SimpleValue))).ToList();
        Assert.Equal([1, 2, 3, 4], scalars.Where(s => s.Tag == "loss/total").Select(s => s.Step));
        Assert.All(scalars.Where(s => s.Tag == "loss/total"), s => Assert.True(s.SimpleValue > 0));
        Assert.Contains(scalars, s => s.Tag == "optimizer/learning_rate");
        Assert.Contains(scalars, s => s.Tag == "throughput/clips_per_second");

        var values = validation.Skip(1).SelectMany(e => e.Summary.Value.Select(v => (v.Tag, e.Step, Value: v))).ToList();
        Assert.Equal([2, 4], values.Where(v => v.Tag == "loss/masked").Select(v => v.Step));
        Assert.Equal([2, 4], values.Where(v => v.Tag == "loss/future").Select(v => v.Step));
        var strip = values.First(v => v.Tag == "predictions/clip_0").Value.Image;
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], strip.EncodedImageString.ToByteArray()[..4]);
        Assert.True(strip.Width > strip.Height);
    }

    // TFRecord framing: uint64 length, masked CRC-32C of the length, the data, masked CRC-32C of the data.
    private static List<byte[]> Records(byte[] file)
    {
        var records = new List<byte[]>();
        var at = 0;
        while (at < file.Length)
        {
            Assert.True(file.Length - at >= 12, "truncated record header");
            var length = BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(at));
            Assert.Equal(MaskedCrc(file.AsSpan(at, 8)), BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 8)));
            Assert.True((ulong)(file.Length - at - 16) >= length, "truncated record");
            var data = file.AsSpan(at + 12, (int)length);
            Assert.Equal(MaskedCrc(data), BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 12 + (int)length)));
            records.Add(data.ToArray());
            at += 16 + (int)length;
        }
        Assert.True(records.Count > 1);
        return records;
    }

    private static uint MaskedCrc(ReadOnlySpan<byte> data)
    {
        var crc = ~0u;
        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }
        crc = ~crc;
        return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
    }

    // Every call forwarded to a folder store, but not one: the run must write its event files elsewhere and upload them.
    private sealed class NotAFolder(IBlobStore inner) : IBlobStore
    {
        public string Description => "not-a-folder";
        public Task<BlobProperties?> GetPropertiesAsync(string path, CancellationToken cancellationToken = default) => inner.GetPropertiesAsync(path, cancellationToken);
        public Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken = default) => inner.OpenReadAsync(path, cancellationToken);
        public Task<byte[]> ReadRangeAsync(string path, long offset, int length, CancellationToken cancellationToken = default) => inner.ReadRangeAsync(path, offset, length, cancellationToken);
        public Task WriteAsync(string path, Stream content, CancellationToken cancellationToken = default) => inner.WriteAsync(path, content, cancellationToken);
        public Task<bool> TryCreateAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) => inner.TryCreateAsync(path, content, cancellationToken);
        public Task<bool> TryReplaceAsync(string path, ReadOnlyMemory<byte> content, string etag, CancellationToken cancellationToken = default) => inner.TryReplaceAsync(path, content, etag, cancellationToken);
        public Task<bool> DeleteAsync(string path, string? etag = null, CancellationToken cancellationToken = default) => inner.DeleteAsync(path, etag, cancellationToken);
        public IAsyncEnumerable<BlobProperties> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);
    }
}
