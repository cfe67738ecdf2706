using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VideoSsl.Models;

/// <summary>An encoder of either family with a linear head on its clip features, for fine-tuning: (B, C, T, H, W) → (B, classes) logits.</summary>
public sealed class VideoClassifier : Module<Tensor, Tensor>
{
    private readonly VideoEncoder encoder;
    private readonly LayerNorm fc_norm;
    private readonly Linear head;

    /// <param name="encoder">A (usually pretrained) encoder; it becomes part of this module and is trained with it.</param>
    public VideoClassifier(VideoEncoder encoder, int classes) : base(nameof(VideoClassifier))
    {
        this.encoder = encoder;
        fc_norm = LayerNorm(encoder.FeatureDim);
        head = Linear(encoder.FeatureDim, classes);
        RegisterComponents();
        using var _ = no_grad();
        init.trunc_normal_(head.weight!, std: 0.02);
        head.bias!.zero_();
    }

    /// <summary>The encoder inside.</summary>
    public VideoEncoder Encoder => encoder;

    public override Tensor forward(Tensor video) => head.call(fc_norm.call(encoder.Features(video)));

    /// <summary>Layer id of a parameter of this classifier for layer-wise decay: the encoder's own, the head last.</summary>
    public int LayerOf(string parameterName) =>
        parameterName.StartsWith("encoder.", StringComparison.Ordinal) ? encoder.LayerOf(parameterName["encoder.".Length..]) : encoder.Layers + 1;
}
