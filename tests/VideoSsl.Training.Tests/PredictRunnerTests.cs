using System.Buffers.Binary;
using VideoSsl.Storage;

namespace VideoSsl.Training.Tests;

public class PredictRunnerTests
{
    [Fact]
    public async Task Predict_writes_future_and_masked_strips_and_a_gif_per_clip()
    {
        using var fixture = await TrainingFixture.CreateAsync();
        await PretrainRunner.RunAsync(TrainingFixture.Options("render", 4), fixture.Store);
        var result = await PredictRunner.RunAsync(new PredictOptions { RunName = "render", Clips = [0, 5], Device = "cpu", Scale = 2 }, fixture.Store);
        Assert.Equal(4, result.Step);
        Assert.Equal(2, result.Clips.Count);
        var clip = result.Clips[1];
        Assert.Equal("runs/render/predictions/clip-00005-future.png", clip.FuturePng);
        var png = await fixture.Store.ReadAllBytesAsync(clip.FuturePng);
        // 3 rows of 16×16 frames at scale 2 with 4-pixel gaps; context 4 frames then the 4 future frames: 8 columns.
        Assert.Equal(8 * (32 + 4) + 4, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(3 * (32 + 4) + 4, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
        Assert.True(await fixture.Store.ExistsAsync(clip.MaskedPng));
        var gif = await fixture.Store.ReadAllBytesAsync(clip.Gif!);
        Assert.Equal("GIF89a"u8.ToArray(), gif[..6]);
        Assert.Equal(0x3B, gif[^1]);
        Assert.InRange(clip.FutureMse, 0, 1);
    }
}
