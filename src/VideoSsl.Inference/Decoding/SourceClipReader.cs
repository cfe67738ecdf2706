using System.Threading.Channels;
using VideoSsl.Clips;
using VideoSsl.Ingestion;
using VideoSsl.Ingestion.Sources;
using VideoSsl.Media;

namespace VideoSsl.Inference.Decoding;

/// <summary>
/// Decodes a source's videos in-process into clips, the way ingest normalizes them (<see cref="FrameFormat"/>, the same
/// clip cutting), and hands them on in source order through a bounded channel, so the model can work on one batch while
/// ffmpeg decodes the next group.
/// </summary>
/// <remarks>
/// Short videos are decoded many per ffmpeg process (<see cref="GroupDecoder"/>); when a group fails, each of its videos
/// is decoded alone (<see cref="FrameDecoder"/>), so only the bad ones fail, each with ingest's reason. A video that fails
/// gives no clips at all (ingest keeps the clips before a corrupt stretch for training; a label or an embedding from
/// part of a video would be taken for the whole). Nothing is retried: a rerun decodes again.
/// </remarks>
/// <param name="workers">ffmpeg processes at once, each decoding one group; results still come in source order.</param>
public sealed class SourceClipReader(IVideoSource source, ClipSpec spec, (int Index, int Count) partition, int groupSize, int workers = 1)
{
    private readonly FrameFormat _format = new(spec.FrameRate, spec.Size, spec.Color == ColorMode.Gray);

    /// <summary>Videos kept in the channel ahead of the consumer.</summary>
    public const int Ahead = 32;

    /// <summary>Starts decoding in the background; the channel completes after the last video (or with the failure that stopped it).</summary>
    public ChannelReader<DecodedVideo> Start(CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<DecodedVideo>(new BoundedChannelOptions(Ahead) { SingleReader = true, SingleWriter = true });
        _ = Task.Run(async () =>
        {
            try
            {
                await ProduceAsync(channel.Writer, cancellationToken).ConfigureAwait(false);
                channel.Writer.Complete();
            }
            catch (Exception e)
            {
                channel.Writer.Complete(e);
            }
        }, CancellationToken.None);
        return channel.Reader;
    }

    /// <summary>Decodes every video of the partition, in source order.</summary>
    public async IAsyncEnumerable<DecodedVideo> ReadAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var reader = Start(cancellationToken);
        await foreach (var video in reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return video;
        }
    }

    // Up to `workers` groups decode at once; each group's videos are written when every group before it is.
    private async Task ProduceAsync(ChannelWriter<DecodedVideo> writer, CancellationToken cancellationToken)
    {
        var running = new Queue<Task<DecodedVideo[]>>();
        var group = new List<SourceItem>();
        async Task StartAsync()
        {
            if (running.Count == Math.Max(1, workers))
            {
                await WriteAllAsync(writer, await running.Dequeue().ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            }
            var items = group.ToList();
            running.Enqueue(Task.Run(() => DecodeGroupAsync(items, cancellationToken), cancellationToken));
            group.Clear();
        }
        try
        {
            await foreach (var item in source.ListAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!IngestOptions.InPartition(item.Path, partition))
                {
                    continue;
                }
                group.Add(item);
                if (group.Count == groupSize)
                {
                    await StartAsync().ConfigureAwait(false);
                }
            }
            if (group.Count > 0)
            {
                await StartAsync().ConfigureAwait(false);
            }
            while (running.Count > 0)
            {
                await WriteAllAsync(writer, await running.Dequeue().ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            // A failure leaves no ffmpeg behind: the groups still running finish (or see the cancellation) before the channel closes.
            await Task.WhenAll(running).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
        }
    }

    private static async Task WriteAllAsync(ChannelWriter<DecodedVideo> writer, IEnumerable<DecodedVideo> videos, CancellationToken cancellationToken)
    {
        foreach (var video in videos)
        {
            await writer.WriteAsync(video, cancellationToken).ConfigureAwait(false);
        }
    }

    // One group of source items, results in the items' order.
    private async Task<DecodedVideo[]> DecodeGroupAsync(IReadOnlyList<SourceItem> items, CancellationToken cancellationToken)
    {
        var results = new DecodedVideo?[items.Count];
        var locals = new LocalVideo?[items.Count];
        try
        {
            for (var i = 0; i < items.Count; i++)
            {
                if (items[i].UnsafeReason is { } unsafeReason)
                {
                    results[i] = DecodedVideo.Failed(items[i].Path, unsafeReason);
                    continue;
                }
                try
                {
                    locals[i] = await source.OpenLocalAsync(items[i], cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    results[i] = DecodedVideo.Failed(items[i].Path, QuarantineReasons.Unexpected(e));
                }
            }
            var open = Enumerable.Range(0, items.Count).Where(i => locals[i] is not null).ToList();
            if (open.Count >= 2 && await TryGroupAsync(open.Select(i => locals[i]!.File).ToList(), cancellationToken).ConfigureAwait(false) is { } decoded)
            {
                for (var k = 0; k < open.Count; k++)
                {
                    results[open[k]] = decoded[k] with { Path = items[open[k]].Path };
                }
            }
            else
            {
                foreach (var i in open)
                {
                    results[i] = await DecodeAloneAsync(items[i].Path, locals[i]!.File, cancellationToken).ConfigureAwait(false);
                }
            }
            return [.. results.Select(r => r!)];
        }
        finally
        {
            foreach (var local in locals)
            {
                local?.Dispose();
            }
        }
    }

    // The whole group in one ffmpeg; null when any input failed (each is then decoded alone).
    private async Task<DecodedVideo[]?> TryGroupAsync(IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        GroupDecode group;
        try
        {
            group = await GroupDecoder.DecodeAsync(files, _format, cancellationToken).ConfigureAwait(false);
        }
        catch (TransientMediaException)
        {
            return null;
        }
        using (group)
        {
            if (!group.Succeeded)
            {
                return null;
            }
            var decoded = new DecodedVideo[files.Count];
            for (var i = 0; i < files.Count; i++)
            {
                var cutter = new Cutter(spec, _format.FrameBytes);
                var (_, trailing) = await RawFrames.ReadFileAsync(group.Outputs[i], _format.FrameBytes, cutter.PushAsync, cancellationToken).ConfigureAwait(false);
                decoded[i] = trailing != 0 ? DecodedVideo.Failed("", RawFrames.PartialFrameReason(trailing)) : cutter.Finish("");
            }
            return decoded;
        }
    }

    private async Task<DecodedVideo> DecodeAloneAsync(string path, string file, CancellationToken cancellationToken)
    {
        var cutter = new Cutter(spec, _format.FrameBytes);
        try
        {
            await FrameDecoder.DecodeAsync(file, _format, cutter.PushAsync, cancellationToken).ConfigureAwait(false);
            return cutter.Finish(path);
        }
        catch (UnusableVideoException e)
        {
            return DecodedVideo.Failed(path, e.Message);
        }
        catch (TransientMediaException e)
        {
            return DecodedVideo.Failed(path, $"decode failed: {e.Message}");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return DecodedVideo.Failed(path, QuarantineReasons.Unexpected(e));
        }
    }

    // Frames in, clips (copied out of the cutter's pooled buffers) out.
    private sealed class Cutter
    {
        private readonly ClipSpec _spec;
        private readonly ClipCutter _cutter;
        private readonly List<byte[]> _clips = [];
        private readonly List<double> _starts = [];

        public Cutter(ClipSpec spec, int frameBytes)
        {
            _spec = spec;
            _cutter = new ClipCutter(spec.Frames, spec.Stride, frameBytes, (clip, _, first) =>
            {
                _clips.Add(clip.ToArray());
                _starts.Add(first / spec.FrameRate);
                return ValueTask.CompletedTask;
            });
        }

        public ValueTask PushAsync(ReadOnlyMemory<byte> frame) => _cutter.PushAsync(frame);

        public DecodedVideo Finish(string path) => _clips.Count == 0
            ? DecodedVideo.Failed(path, QuarantineReasons.TooShort(_cutter.Frames, _spec))
            : new DecodedVideo(path, _clips, _starts, null);
    }
}
