using VideoSsl.Clips;
using VideoSsl.Models;
using VideoSsl.Storage;
using VideoSsl.Storage.Folder;
using VideoSsl.Testing;

namespace VideoSsl.Training.Tests;

/// <summary>A folder store with a small synthetic dataset (48 gray 8×16×16 clips in 3 shards) and options for a very small model.</summary>
internal sealed class TrainingFixture : IDisposable
{
    public const string DatasetName = "squares";

    private TrainingFixture(TempFolder folder, IBlobStore store, ClipSpec spec)
    {
        Folder = folder;
        Store = store;
        Spec = spec;
    }

    public TempFolder Folder { get; }
    public IBlobStore Store { get; }
    public ClipSpec Spec { get; }

    public static async Task<TrainingFixture> CreateAsync(int clips = 48, int frames = 8, int size = 16)
    {
        TorchRuntime.EnsureLoaded();
        var folder = new TempFolder("training");
        var store = new FolderBlobStore(folder["store"]);
        var spec = new ClipSpec(Size: size, Color: ColorMode.Gray, Frames: frames, Stride: frames);
        var all = Squares.Clips(clips, frames, size, seed: 11);
        await TestDatasets.WriteAsync(store, DatasetName, spec, all, clipsPerShard: 16);
        return new TrainingFixture(folder, store, spec);
    }

    public static PretrainOptions Options(string run, int steps) => new()
    {
        Dataset = DatasetName,
        RunName = run,
        Dim = 32, Depth = 1, Heads = 2, DecoderDim = 32, DecoderDepth = 1, DecoderHeads = 2, PatchSize = 4,
        Steps = steps, Input = new() { BatchSize = 4, ShuffleShards = 2 }, Objective = new() { MaskRatio = 0.75 }, Optimizer = new() { LearningRate = 2e-3, WarmupSteps = 3 },
        Threads = 2, Device = "cpu", LogEvery = 1, CheckpointEvery = 1000, Seed = 5, PrefetchBatches = 2,
        ValidateEvery = 3,   // 9 of the 48 videos held out (a fifth), validated on every third step
    };

    public void Dispose() => Folder.Dispose();
}

/// <summary>Synthetic clips: a bright square moving at constant velocity.</summary>
internal static class Squares
{
    public static List<byte[]> Clips(int count, int frames, int size, int seed)
    {
        var rng = new DeterministicRng((ulong)seed);
        var clips = new List<byte[]>();
        for (var n = 0; n < count; n++)
        {
            var clip = new byte[frames * size * size];
            int x = rng.NextInt(size - 4), y = rng.NextInt(size - 4), dx = rng.NextInt(3) - 1, dy = rng.NextInt(2) == 0 ? 1 : -1;
            for (var t = 0; t < frames; t++)
            {
                var px = (((x + (dx * t)) % (size - 4)) + (size - 4)) % (size - 4);
                var py = (((y + (dy * t)) % (size - 4)) + (size - 4)) % (size - 4);
                for (var i = 0; i < 4; i++)
                {
                    for (var j = 0; j < 4; j++)
                    {
                        clip[(((t * size) + py + i) * size) + px + j] = 230;
                    }
                }
            }
            clips.Add(clip);
        }
        return clips;
    }
}
