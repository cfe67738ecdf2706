namespace VideoSsl.Models;

/// <summary>What the future-frame loss adds up: pixel MSE (optionally relative to copy-last's), and weighted terms on frame-to-frame changes and on structural similarity.</summary>
/// <param name="Relative">Each clip's error divided by the error of copying its last context frame (see <see cref="VideoModel.FutureError"/>).</param>
/// <param name="DifferenceWeight">Weight of an added MSE on frame-to-frame changes; 0 leaves it out.</param>
/// <param name="SsimWeight">Weight of an added 1 − SSIM of each predicted frame against its target (<see cref="StructuralSimilarity"/>); 0 leaves it out.</param>
public sealed record FutureLossTerms(bool Relative = false, double DifferenceWeight = 0, double SsimWeight = 0)
{
    /// <summary>Plain pixel MSE.</summary>
    public static FutureLossTerms Mse { get; } = new();
}
