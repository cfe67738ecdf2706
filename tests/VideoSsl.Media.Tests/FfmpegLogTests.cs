namespace VideoSsl.Media.Tests;

public sealed class FfmpegLogTests
{
    private static readonly string[] Inputs = ["/v/a.mp4", "/v/b.mp4", "/v/a.mp4.mp4"];

    private static FfmpegLog Read(params string[] lines)
    {
        var log = new FfmpegLog(Inputs);
        foreach (var line in lines)
        {
            log.Add(line);
        }
        log.Complete();
        return log;
    }

    [Fact]
    public void Frame_sizes_come_from_each_inputs_first_video_stream_and_never_from_metadata_or_outputs()
    {
        var log = Read(
            "[info] Input #0, mov,mp4,m4a,3gp,3g2,mj2, from '/v/a.mp4':",
            "[info]   Metadata:",
            "[info]     title           :   Stream #0:0: Video: fake, 9999x9999",
            "[info]   Stream #0:0[0x1](und): Video: h264 (High) (avc1 / 0x31637661), yuv420p(progressive), 128x96 [SAR 1:1 DAR 4:3], 25 fps",
            "[info]   Stream #0:1[0x2](und): Video: png, rgb24(pc), 600x600, 90k tbr (attached pic)",
            "[info] Input #1, matroska,webm, from '/v/b.mp4':",
            "[info]   Stream #1:0: Audio: aac (LC), 44100 Hz, mono",
            "[info]   Stream #1:1: Video: vp9 (Profile 0), yuv420p(tv, progressive), 4x400, SAR 1:1 DAR 1:100, 25 fps",
            "[info] Output #0, rawvideo, to '/tmp/0.raw':",
            "[info]   Stream #0:0: Video: rawvideo (RGB[24] / 0x18424752), rgb24(pc, gbr/unknown/unknown, progressive), 32x32, q=2-31");

        Assert.Equal((128, 96), log.SizeOf(0));
        Assert.Equal((4, 400), log.SizeOf(1));
        Assert.Null(log.SizeOf(2));
        Assert.Equal(2, log.InputsOpened);
        Assert.True(log.HeaderRead.IsCompleted);
    }

    [Fact]
    public void Error_lines_read_as_ffmpeg_prints_them_without_levels_and_warnings_are_left_out()
    {
        var log = Read(
            "[h264 @ 0x55d0c0a0] [warning] something odd",
            "[h264 @ 0x55d0c0a0] [error] Invalid NAL unit size (446436564 > 1139).",
            "[fatal] Stream map '1:v:0' matches no streams.",
            "To ignore this, add a trailing '?' to the map.");

        Assert.Equal(
            "[h264 @ 0x55d0c0a0] Invalid NAL unit size (446436564 > 1139).\nStream map '1:v:0' matches no streams.\nTo ignore this, add a trailing '?' to the map.",
            log.Errors);
    }

    [Theory]
    [InlineData(2, "[error] /v/a.mp4.mp4: Invalid data found when processing input")]   // the longest path that matches
    [InlineData(0, "[error] /v/a.mp4: Invalid data found when processing input")]
    [InlineData(1, "[fatal] Stream map '1:v:0' matches no streams.")]
    [InlineData(1, "[error] Error while decoding stream #1:0: Invalid data found when processing input")]
    public void The_input_to_blame_is_the_one_the_error_names(int expected, string line)
    {
        var log = Read("[info] Input #0, mov, from '/v/a.mp4':", "[info] Input #1, mov, from '/v/b.mp4':", "[info] Input #2, mov, from '/v/a.mp4.mp4':", line);
        Assert.Equal(expected, log.Culprit());
    }

    [Fact]
    public void A_failure_while_opening_inputs_blames_the_first_one_not_opened()
    {
        var log = Read("[info] Input #0, mov, from '/v/a.mp4':", "[IMGUTILS @ 0x7ffc] [error] Picture size 100000x100000 is invalid");
        Assert.Equal(1, log.Culprit());
    }

    [Fact]
    public void A_failure_while_decoding_that_names_nothing_blames_nobody()
    {
        var log = Read("[info] Input #0, mov, from '/v/a.mp4':", "[info] Input #1, mov, from '/v/b.mp4':", "[info] Input #2, mov, from '/v/a.mp4.mp4':",
            "[info] Stream mapping:", "[h264 @ 0x55d0c0a0] [error] Invalid NAL unit size (446436564 > 1139).");
        Assert.Null(log.Culprit());
    }
}
