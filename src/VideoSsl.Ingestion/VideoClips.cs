using VideoSsl.Clips;
using VideoSsl.Clips.Datasets;

namespace VideoSsl.Ingestion;

/// <summary>One video being cut into clips: decoded frames in, clips out to the shard assembler, and how the video ended.</summary>
internal sealed class VideoClips
{
    private readonly ClipSpec _spec;
    private readonly ClipCutter _cutter;
    private readonly IngestRun _run;

    public VideoClips(PendingVideo video, ClipSpec spec, int frameBytes, ShardAssembler assembler, IngestRun run, CancellationToken cancellationToken)
    {
        Video = video;
        _spec = spec;
        _run = run;
        _cutter = new ClipCutter(spec.Frames, spec.Stride, frameBytes,
            (clip, clipIndex, firstFrame) => new ValueTask(assembler.AddClipAsync(video, clip, clipIndex, firstFrame / spec.FrameRate, cancellationToken)));
    }

    /// <summary>The video and where its clips went.</summary>
    public PendingVideo Video { get; }

    /// <summary>Takes the next decoded frame.</summary>
    public ValueTask PushAsync(ReadOnlyMemory<byte> frame)
    {
        _run.AddFrame();
        return _cutter.PushAsync(frame);
    }

    /// <summary>The video could not be decoded to its end: quarantined, keeping the clips cut before the failure.</summary>
    public void Fail(string reason)
    {
        Video.Status = VideoRecord.Quarantined;
        Video.Reason = _cutter.Clips > 0 ? $"{reason}; kept {_cutter.Clips} clip(s) decoded before it" : reason;
    }

    /// <summary>Every frame is in: a video too short for one clip is quarantined.</summary>
    public void End()
    {
        if (_cutter.Clips == 0 && Video.Status == VideoRecord.Ingested)
        {
            Video.Status = VideoRecord.Quarantined;
            Video.Reason = QuarantineReasons.TooShort(_cutter.Frames, _spec);
        }
    }
}
