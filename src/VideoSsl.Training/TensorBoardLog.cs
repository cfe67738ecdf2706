using VideoSsl.Rendering;
using VideoSsl.Storage;
using VideoSsl.Storage.Folder;
using static TorchSharp.torch;

namespace VideoSsl.Training;

/// <summary>
/// TensorBoard event files of a run, written with TorchSharp's <c>SummaryWriter</c>: runs/{run}/tensorboard/train
/// (losses, learning rate, clips/s, resident memory) and runs/{run}/tensorboard/validation (the held-out losses under
/// the same tags, so TensorBoard draws both in one chart, and prediction strips of held-out clips at checkpoints).
/// </summary>
/// <remarks>
/// A folder store gets the events in place, so TensorBoard can follow a run live. Other stores (Azure, Azurite) get
/// them written to a local folder first and uploaded with every checkpoint and at the end. Each process writes new
/// event files: a resumed run adds files next to the earlier ones, and TensorBoard, which reads a folder's files in
/// name (time) order, drops the earlier files' points past the step the run resumed from when the new file's first
/// step goes back (its out-of-order purge), so the curves continue without duplicates.
/// Used on the training thread only.
/// </remarks>
internal sealed class TensorBoardLog : IDisposable
{
    private readonly TorchSharp.Modules.SummaryWriter _train;
    private readonly TorchSharp.Modules.SummaryWriter _validation;
    private readonly string _local;
    private readonly IBlobStore? _uploadTo;
    private readonly string _storeFolder;

    private TensorBoardLog(string local, IBlobStore? uploadTo, string storeFolder)
    {
        _local = local;
        _uploadTo = uploadTo;
        _storeFolder = storeFolder;
        _train = utils.tensorboard.SummaryWriter(Path.Combine(local, "train"));
        _validation = utils.tensorboard.SummaryWriter(Path.Combine(local, "validation"));
    }

    /// <summary>Opens the run's event files: in place in a folder store, else in a fresh local folder uploaded by <see cref="UploadAsync"/>.</summary>
    public static TensorBoardLog Open(IBlobStore store, RunLayout run) => store is FolderBlobStore folder
        ? new TensorBoardLog(folder.GetLocalPath(run.TensorBoard), null, run.TensorBoard)
        : new TensorBoardLog(Path.Combine(Path.GetTempPath(), "videossl-tensorboard", $"{run.RunName}-{Environment.ProcessId}-{Guid.NewGuid():N}"), store, run.TensorBoard);

    /// <summary>Where TensorBoard finds the run, in the store.</summary>
    public string StoreFolder => _storeFolder;

    /// <summary>Writes one metrics line: training scalars, and the validation losses when the line has them.</summary>
    public void Log(StepMetrics m)
    {
        Scalar(_train, "loss/total", m.Loss, m.Step);
        Scalar(_train, "loss/masked", m.MaskedLoss, m.Step);
        Scalar(_train, "loss/future", m.FutureLoss, m.Step);
        Scalar(_train, "optimizer/learning_rate", m.LearningRate, m.Step);
        Scalar(_train, "throughput/clips_per_second", m.ClipsPerSecond, m.Step);
        Scalar(_train, "memory/rss_mib", m.RssMiB, m.Step);
        Scalar(_validation, "loss/masked", m.ValMaskedLoss, m.Step);
        Scalar(_validation, "loss/future", m.ValFutureLoss, m.Step);
    }

    /// <summary>Adds prediction strips of held-out clips (tags predictions/clip_0, …) at <paramref name="step"/>.</summary>
    public void Strips(IReadOnlyList<RgbImage> strips, int step)
    {
        for (var i = 0; i < strips.Count; i++)
        {
            using var scope = NewDisposeScope();
            var image = tensor(strips[i].Pixels, [strips[i].Height, strips[i].Width, 3]); // (H, W, 3) uint8
            _validation.add_img($"predictions/clip_{i}", image, step, dataformats: "HWC");
        }
    }

    /// <summary>Copies the event files this process wrote to the store (nothing to do for a folder store, which has them in place).</summary>
    public async Task UploadAsync(CancellationToken cancellationToken = default)
    {
        if (_uploadTo is null || !Directory.Exists(_local))
        {
            return;
        }
        foreach (var file in Directory.EnumerateFiles(_local, "events.out.tfevents.*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(_local, file).Replace(Path.DirectorySeparatorChar, '/');
            await _uploadTo.WriteBytesAsync(BlobPath.Join(_storeFolder, relative), await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Deletes the local copy of an uploaded log (after the last <see cref="UploadAsync"/>).</summary>
    public void Dispose()
    {
        if (_uploadTo is not null && Directory.Exists(_local))
        {
            Directory.Delete(_local, recursive: true);
        }
    }

    private static void Scalar(TorchSharp.Modules.SummaryWriter writer, string tag, double? value, int step)
    {
        if (value is { } v && double.IsFinite(v))
        {
            writer.add_scalar(tag, (float)v, step);
        }
    }
}
