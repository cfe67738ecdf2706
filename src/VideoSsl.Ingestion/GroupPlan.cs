namespace VideoSsl.Ingestion;

/// <summary>How many videos one ffmpeg process decodes, chosen from the sizes of the source's files.</summary>
/// <remarks>
/// A launch costs ffmpeg ~0.1–0.2 s of CPU, more than decoding a two-second 64×64 clip, so small files share launches.
/// A file above <see cref="AloneBytes"/> is decoded alone, streamed from ffmpeg's standard output: its decode dwarfs a
/// launch, and its raw frames are not staged on disk. Small files are grouped up to <see cref="MaxBytes"/> (so one
/// process never holds many large decoders) and <see cref="MaxInputs"/>, which is set so that each worker gets several
/// groups of the source: the last group finishes soon after the others, progress moves, and a worker does not hold
/// claims on far more videos than it is decoding.
/// </remarks>
public sealed record GroupPlan(int MaxInputs, long MaxBytes, long AloneBytes)
{
    /// <summary>Files larger than this are decoded alone.</summary>
    public const long DefaultAloneBytes = 8L << 20;

    /// <summary>Most source bytes one group takes.</summary>
    public const long DefaultMaxBytes = 32L << 20;

    /// <summary>Most inputs one ffmpeg process takes.</summary>
    public const int MostInputs = 64;

    /// <summary>Groups each worker should get from a source, at least.</summary>
    public const int GroupsPerWorker = 4;

    /// <summary>The plan for a source of files of these sizes shared by <paramref name="workers"/>; <paramref name="groupSize"/> &gt; 0 fixes the inputs per group.</summary>
    public static GroupPlan For(IEnumerable<long> sizes, int workers, int groupSize = 0)
    {
        if (groupSize > 0)
        {
            return new GroupPlan(groupSize, DefaultMaxBytes, DefaultAloneBytes);
        }
        var small = sizes.Count(s => s > 0 && s <= DefaultAloneBytes);
        var perGroup = (int)Math.Ceiling(small / (double)(GroupsPerWorker * Math.Max(1, workers)));
        return new GroupPlan(Math.Clamp(perGroup, 1, MostInputs), DefaultMaxBytes, DefaultAloneBytes);
    }

    /// <summary>True for a file decoded on its own: large, or empty (refused without a launch).</summary>
    public bool DecodeAlone(long bytes) => MaxInputs <= 1 || bytes == 0 || bytes > AloneBytes;
}

/// <summary>Groups claimed videos into groups as they arrive, by a <see cref="GroupPlan"/>.</summary>
/// <remarks>
/// The first group is a quarter of the plan's and each next one twice as large: decoding starts soon after the first
/// claims instead of after a whole group of them, at the cost of two more launches.
/// </remarks>
internal sealed class GroupBuilder(GroupPlan plan)
{
    private List<ClaimedVideo> _group = [];
    private long _bytes;
    private int _limit = Math.Max(1, plan.MaxInputs / 4);

    /// <summary>Takes a video; returns what is ready to decode: the video alone (a large file), a full group, or nothing yet.</summary>
    public IReadOnlyList<ClaimedVideo>? Add(ClaimedVideo video)
    {
        if (plan.DecodeAlone(video.Item.Length))
        {
            return [video];
        }
        _group.Add(video);
        _bytes += video.Item.Length;
        return _group.Count >= _limit || _bytes >= plan.MaxBytes ? Drain() : null;
    }

    /// <summary>The videos gathered so far (null when none), and a fresh start.</summary>
    public IReadOnlyList<ClaimedVideo>? Drain()
    {
        if (_group.Count == 0)
        {
            return null;
        }
        var group = _group;
        (_group, _bytes, _limit) = ([], 0, Math.Min(_limit * 2, plan.MaxInputs));
        return group;
    }
}
