using System.Diagnostics;
using VideoSsl.Models;
using VideoSsl.Storage;
using static TorchSharp.torch;

namespace VideoSsl.Training;

/// <summary>How the verbs that read a saved run begin (evaluate, embed, classify, bench embed): libtorch loaded, the device chosen, the run's latest checkpoint read.</summary>
/// <param name="Clock">Started before libtorch is loaded, so a verb's seconds include the start.</param>
public sealed record RunCheckpointStart(Stopwatch Clock, Device Device, Checkpoint Checkpoint)
{
    /// <summary>Throws <c>Invalid {verb} options: …</c> when <paramref name="problems"/> is not empty; otherwise starts the clock, loads libtorch, resolves <paramref name="device"/> and reads <paramref name="run"/>'s latest checkpoint.</summary>
    public static async Task<RunCheckpointStart> OpenAsync(
        string verb, IReadOnlyList<string> problems, string device, IBlobStore store, string run, CancellationToken cancellationToken)
    {
        if (problems.Count > 0)
        {
            throw new ArgumentException($"Invalid {verb} options: " + string.Join("; ", problems));
        }
        var clock = Stopwatch.StartNew();
        TorchRuntime.EnsureLoaded();
        var resolved = TorchRuntime.ResolveDevice(device);
        var checkpoint = await Checkpoint.FindAsync(store, run, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new RunCheckpointStart(clock, resolved, checkpoint);
    }
}
