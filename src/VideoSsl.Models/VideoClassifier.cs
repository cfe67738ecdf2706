using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace VideoSsl.Models;

/// <summary>An encoder with a linear head on its mean-pooled tokens, for fine-tuning or linear probing: (B, C, T, H, W) → (B, classes) logits.</summary>
public sealed class VideoClassifier : Module<Tensor, Tensor>
{
    private readonly VideoEncoder encoder;
    private readonly LayerNorm fc_norm;
    private readonly Linear head;

    /// <param name="encoder">A (usually pretrained) encoder; it becomes part of this module and is trained with it unless frozen.</param>
    public VideoClassifier(VideoEncoder encoder, int classes) : base(nameof(VideoClassifier))
    {
        this.encoder = encoder;
        fc_norm = LayerNorm(encoder.Dim);
        head = Linear(encoder.Dim, classes);
        RegisterComponents();
        using var _ = no_grad();
        init.trunc_normal_(head.weight!, std: 0.02);
        head.bias!.zero_();
    }

    /// <summary>The encoder inside.</summary>
    public VideoEncoder Encoder => encoder;

    public override Tensor forward(Tensor video) => head.call(fc_norm.call(encoder.Features(video)));
}
