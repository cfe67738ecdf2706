namespace VideoSsl.Models;

/// <summary>An encoder of either family with a linear head on its standardized clip features, for fine-tuning: (B, C, T, H, W) → (B, classes) logits.</summary>
/// <remarks>
/// The head reads features standardized with fixed statistics (buffers, not trained), exactly the input a linear probe
/// is fitted on, so <see cref="InitializeHead"/> can start fine-tuning from a trained probe (LP-FT, Kumar et al. 2022):
/// the classifier then begins where the probe ended, and fine-tuning does not first scramble the features to fit a random head.
/// </remarks>
public sealed class VideoClassifier : Module<Tensor, Tensor>
{
    private readonly VideoEncoder encoder;
    private readonly Tensor feature_mean;
    private readonly Tensor feature_scale;
    private readonly Linear head;

    /// <param name="encoder">A (usually pretrained) encoder; it becomes part of this module and is trained with it.</param>
    public VideoClassifier(VideoEncoder encoder, int classes) : base(nameof(VideoClassifier))
    {
        this.encoder = encoder;
        feature_mean = zeros(encoder.FeatureDim);
        feature_scale = ones(encoder.FeatureDim);
        head = Linear(encoder.FeatureDim, classes);
        RegisterComponents();
        using var _ = no_grad();
        init.trunc_normal_(head.weight!, std: 0.02);
        head.bias!.zero_();
    }

    /// <summary>The encoder inside.</summary>
    public VideoEncoder Encoder => encoder;

    /// <summary>Classes the head scores.</summary>
    public int Classes => (int)head.weight!.shape[0];

    public override Tensor forward(Tensor video) => head.call((encoder.Features(video) - feature_mean) * feature_scale);

    /// <summary>Sets the feature standardization (per-feature mean and 1 / deviation) and, when given, the head's weights (classes rows of FeatureDim) and biases.</summary>
    public void InitializeHead(IReadOnlyList<float> mean, IReadOnlyList<float> inverseStd, IReadOnlyList<float[]>? weight = null, IReadOnlyList<float>? bias = null)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var device = feature_mean.device;
        feature_mean.copy_(tensor(mean.ToArray(), device: device));
        feature_scale.copy_(tensor(inverseStd.ToArray(), device: device));
        if (weight is not null && bias is not null)
        {
            head.weight!.copy_(tensor(weight.SelectMany(r => r).ToArray(), [weight.Count, weight[0].Length], device: device));
            head.bias!.copy_(tensor(bias.ToArray(), device: device));
        }
    }

    /// <summary>Layer id of a parameter of this classifier for layer-wise decay: the encoder's own, the head last.</summary>
    public int LayerOf(string parameterName) =>
        parameterName.StartsWith("encoder.", StringComparison.Ordinal) ? encoder.LayerOf(parameterName["encoder.".Length..]) : encoder.Layers + 1;
}
