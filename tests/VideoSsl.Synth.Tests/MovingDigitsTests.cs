using VideoSsl.Synth.Idx;
using VideoSsl.Synth.MovingDigits;
using VideoSsl.Testing;

namespace VideoSsl.Synth.Tests;

public sealed class MovingDigitsTests
{
    private static readonly MovingDigitsOptions Small = new() { Count = 3, Seed = 7, Workers = 2 };

    [Fact]
    public async Task Same_seed_gives_byte_identical_files_and_another_seed_differs()
    {
        using var tmp = new TempFolder("synth");
        var generator = new MovingDigitsGenerator();
        var a = await generator.WriteAsync(tmp["a"], Small);
        var b = await generator.WriteAsync(tmp["b"], Small with { Workers = 1 });
        var c = await generator.WriteAsync(tmp["c"], Small with { Seed = 8 });

        Assert.Equal(3, a.Files.Count);
        foreach (var file in a.Files)
        {
            var bytesA = await File.ReadAllBytesAsync(Path.Combine(a.OutputDirectory, file));
            Assert.Equal(bytesA, await File.ReadAllBytesAsync(Path.Combine(b.OutputDirectory, file)));
            Assert.NotEqual(bytesA, await File.ReadAllBytesAsync(Path.Combine(c.OutputDirectory, file)));
        }
    }

    [Fact]
    public async Task Written_video_decodes_to_the_rendered_frames()
    {
        using var tmp = new TempFolder("synth");
        var options = Small with { Count = 1, Frames = 12 };
        var summary = await new MovingDigitsGenerator().WriteAsync(tmp.Path, options);
        var file = Path.Combine(summary.OutputDirectory, summary.Files[0]);

        var info = Ff.Probe(file);
        Assert.Equal(new Ff.StreamInfo("h264", 64, 64, "yuv420p", 12), info);

        var decoded = Ff.Decode(file, "gray");
        var rendered = MovingDigitsGenerator.RenderSequence(options, 0).Video.Frames.SelectMany(f => f).ToArray();
        Assert.Equal(rendered.Length, decoded.Length);
        var meanAbsError = rendered.Zip(decoded, (r, d) => Math.Abs(r - d)).Average();
        Assert.InRange(meanAbsError, 0, 3.0);
    }

    [Fact]
    public void Digits_stay_inside_the_canvas_move_at_the_protocol_speed_and_bounce()
    {
        var options = new MovingDigitsOptions { Frames = 200, Seed = 3 };
        var free = options.CanvasSize - options.DigitSize;
        var hitLow = false;
        var hitHigh = false;
        for (var index = 0; index < 5; index++)
        {
            var sequence = MovingDigitsGenerator.RenderSequence(options, index);
            Assert.Equal(2, sequence.Digits.Count);
            foreach (var track in sequence.Digits)
            {
                Assert.All(track.Positions, p =>
                {
                    Assert.InRange(p.X, 0, free);
                    Assert.InRange(p.Y, 0, free);
                });
                var steps = track.Positions.Zip(track.Positions.Skip(1), (p, q) => Math.Sqrt(Math.Pow(q.X - p.X, 2) + Math.Pow(q.Y - p.Y, 2))).ToArray();
                Assert.All(steps, s => Assert.InRange(s, 0, 3.6 + 1.5)); // 0.1 × 36 px, plus truncation
                Assert.InRange(steps.Average(), 2.0, 4.5);
                hitLow |= track.Positions.Any(p => p.X == 0 || p.Y == 0);
                hitHigh |= track.Positions.Any(p => p.X == free || p.Y == free);
            }
        }

        Assert.True(hitLow && hitHigh, "200-frame trajectories should reach both borders and bounce back");
    }

    [Fact]
    public void Frames_are_the_pixelwise_max_of_the_digits_and_overlaps_occur()
    {
        var options = new MovingDigitsOptions { Seed = 11 };
        var overlappingPixels = 0;
        for (var index = 0; index < 20; index++)
        {
            var sequence = MovingDigitsGenerator.RenderSequence(options, index);
            for (var f = 0; f < options.Frames; f++)
            {
                var layers = sequence.Digits.Select(d => Layer(d, f, options.CanvasSize)).ToArray();
                var frame = sequence.Video.Frames[f];
                for (var i = 0; i < frame.Length; i++)
                {
                    Assert.Equal(Math.Max(layers[0][i], layers[1][i]), frame[i]);
                    if (layers[0][i] > 0 && layers[1][i] > 0 && layers[0][i] != layers[1][i])
                    {
                        overlappingPixels++;
                    }
                }
            }
        }

        Assert.True(overlappingPixels > 0, "20 videos should contain overlapping strokes");
    }

    [Fact]
    public void Procedural_digits_look_like_mnist_ink_on_black()
    {
        var sequence = MovingDigitsGenerator.RenderSequence(new MovingDigitsOptions { Seed = 2 }, 0);
        foreach (var digit in sequence.Digits)
        {
            Assert.InRange(digit.Label!.Value, 0, 9);
            var ink = digit.Image.Count(p => p > 128) / (double)digit.Image.Length;
            Assert.InRange(ink, 0.05, 0.35); // MNIST: about 19% of pixels above 128
            Assert.Equal(255, digit.Image.Max());
            Assert.True(digit.Image.Any(p => p is > 0 and < 255), "edges should be anti-aliased");
            Assert.All(Border(digit.Image, digit.Size), p => Assert.Equal(0, p));
        }
    }

    [Fact]
    public async Task Digits_come_from_an_idx_file_when_given()
    {
        using var tmp = new TempFolder("synth");
        var idx = tmp["train-images-idx3-ubyte"];
        await File.WriteAllBytesAsync(idx, IdxImageReaderTests.BuildIdx(4, 28, 28, (image, i) => (byte)(i % 28 > 5 && i % 28 < 20 ? 60 * (image + 1) : 0)));
        var images = await IdxImageReader.ReadAsync(idx);
        var options = new MovingDigitsOptions { Count = 1, Seed = 1, IdxPath = idx, Workers = 1 };

        var sequence = MovingDigitsGenerator.RenderSequence(options, 0, images);
        var summary = await new MovingDigitsGenerator().WriteAsync(tmp["out"], options);

        Assert.All(sequence.Digits, d => Assert.Equal(images.Image(d.SourceIndex!.Value).ToArray(), d.Image));
        Assert.Equal(20, Ff.Probe(Path.Combine(summary.OutputDirectory, summary.Files[0])).Frames);
    }

    private static byte[] Layer(DigitTrack digit, int frame, int canvas)
    {
        var layer = new byte[canvas * canvas];
        var p = digit.Positions[frame];
        for (var y = 0; y < digit.Size; y++)
        {
            for (var x = 0; x < digit.Size; x++)
            {
                layer[(p.Y + y) * canvas + p.X + x] = digit.Image[y * digit.Size + x];
            }
        }

        return layer;
    }

    private static IEnumerable<byte> Border(byte[] image, int size) =>
        Enumerable.Range(0, size).SelectMany(i => new[] { image[i], image[(size - 1) * size + i], image[i * size], image[i * size + size - 1] });
}
