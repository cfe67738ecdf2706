using VideoSsl.Testing;

namespace VideoSsl.Media.Tests;

[Collection(MediaCollection.Name)]
public sealed class GroupDecoderTests(SampleVideos samples)
{
    private static readonly FrameFormat Format = new(FrameRate: 10, Size: 32, Gray: false);

    [Fact]
    public async Task Every_input_of_a_group_gets_exactly_the_frames_it_gets_decoded_alone()
    {
        // Different sizes, codecs, rotation and timestamps side by side: a frame of one input reaching another's output,
        // or a filter graph shared between inputs, would change some output's bytes or length.
        var files = new[] { "h264.mp4", "vp9.webm", "rotated.mp4", "mjpeg.avi", "anim.gif", "tenbit.mkv", "odd-size.mkv", "vfr.mkv", "unrotated.mp4", "h264.mkv" }
            .Select(f => Path.Combine(samples.Good, f)).ToList();

        using var group = await GroupDecoder.DecodeAsync(files, Format);

        Assert.True(group.Succeeded, group.Error);
        for (var i = 0; i < files.Count; i++)
        {
            var alone = await DecodeAloneAsync(files[i]);
            var grouped = await File.ReadAllBytesAsync(group.Outputs[i]);
            Assert.True(alone.Length > 0 && alone.AsSpan().SequenceEqual(grouped), $"{Path.GetFileName(files[i])} differs in the group");
        }
    }

    [Theory]
    [InlineData("text.mp4")]          // cannot be opened: ffmpeg names the file
    [InlineData("truncated.mp4")]
    [InlineData("audio-only.mp4")]    // no video stream: ffmpeg names the stream map
    public async Task A_group_that_fails_names_the_input_to_blame(string bad)
    {
        var files = new[] { Path.Combine(samples.Good, "h264.mp4"), Path.Combine(samples.Bad, bad), Path.Combine(samples.Good, "vp9.webm") };

        using var group = await GroupDecoder.DecodeAsync(files, Format);

        Assert.False(group.Succeeded);
        Assert.Equal(1, group.Culprit);
        Assert.Null(group.CulpritReason);
    }

    [Fact]
    public async Task An_absurd_frame_size_stops_the_group_with_its_reason_before_decoding()
    {
        var files = new[] { Path.Combine(samples.Good, "h264.mp4"), Path.Combine(samples.Good, "vp9.webm"), Path.Combine(samples.Bad, "thin.mp4") };

        using var group = await GroupDecoder.DecodeAsync(files, Format);

        Assert.False(group.Succeeded);
        Assert.Equal(2, group.Culprit);
        Assert.Contains("absurd frame size 4x400", group.CulpritReason);
    }

    [Fact]
    public async Task A_corrupt_middle_fails_the_group()
    {
        var files = new[] { Path.Combine(samples.Good, "h264.mp4"), Path.Combine(samples.Bad, "corrupt-middle.mp4") };

        using var group = await GroupDecoder.DecodeAsync(files, Format);

        Assert.False(group.Succeeded);
        Assert.False(string.IsNullOrEmpty(group.Error));
    }

    [Fact]
    public async Task Disposing_the_result_removes_its_output_files()
    {
        var group = await GroupDecoder.DecodeAsync([Path.Combine(samples.Good, "h264.mp4"), Path.Combine(samples.Good, "vp9.webm")], Format);
        Assert.All(group.Outputs, o => Assert.True(File.Exists(o)));
        group.Dispose();
        Assert.All(group.Outputs, o => Assert.False(File.Exists(o)));
    }

    private static async Task<byte[]> DecodeAloneAsync(string file)
    {
        using var frames = new MemoryStream();
        await FrameDecoder.DecodeAsync(file, Format, frame =>
        {
            frames.Write(frame.Span);
            return ValueTask.CompletedTask;
        });
        return frames.ToArray();
    }
}
