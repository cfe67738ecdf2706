using System.Security.Cryptography;
using VideoSsl.Testing;

namespace VideoSsl.Media.Tests;

[Collection(MediaCollection.Name)]
public sealed class FrameDecoderTests(SampleVideos samples)
{
    private static readonly FrameFormat Format = new(FrameRate: 10, Size: 64, Gray: false);

    [Fact]
    public async Task A_slow_consumer_still_gets_every_frame_after_ffmpeg_has_exited()
    {
        // ffmpeg finishes long before this consumer does, so the frames still in the pipe must outlive the process
        // (through FFMpegCore's output pipe they did not: the tail of the video was lost without an error).
        var file = Path.Combine(samples.Good, "h264.mp4");
        var (fastFrames, fastHash) = await DecodeAsync(file, delay: TimeSpan.Zero);
        var (slowFrames, slowHash) = await DecodeAsync(file, delay: TimeSpan.FromMilliseconds(15));

        Assert.Equal(42, fastFrames);                 // 4.2 s at 10 fps
        Assert.Equal(fastFrames, slowFrames);
        Assert.Equal(fastHash, slowHash);
    }

    [Fact]
    public async Task Cancelling_stops_ffmpeg_and_throws_operation_cancelled()
    {
        var file = Path.Combine(samples.Good, "h264.mp4");
        using var cancel = new CancellationTokenSource();
        var delivered = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => FrameDecoder.DecodeAsync(file, Format, _ =>
        {
            if (++delivered == 3)
            {
                cancel.Cancel();
            }
            return ValueTask.CompletedTask;
        }, cancel.Token));
        Assert.Equal(3, delivered);
    }

    private static async Task<(int Frames, string Hash)> DecodeAsync(string file, TimeSpan delay)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var frames = await FrameDecoder.DecodeAsync(file, Format, async frame =>
        {
            Assert.Equal(64 * 64 * 3, frame.Length);
            hash.AppendData(frame.Span);
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay);
            }
        });
        return (frames, Convert.ToHexString(hash.GetHashAndReset()));
    }
}
