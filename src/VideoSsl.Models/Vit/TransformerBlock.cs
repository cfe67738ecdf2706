namespace VideoSsl.Models;

/// <summary>A pre-norm transformer block: multi-head self-attention then an MLP, each with a residual connection.</summary>
public sealed class TransformerBlock : Module<Tensor, Tensor>
{
    private readonly LayerNorm norm1;
    private readonly Linear qkv;
    private readonly Linear proj;
    private readonly LayerNorm norm2;
    private readonly Linear fc1;
    private readonly Linear fc2;
    private readonly int _heads;

    public TransformerBlock(string name, int dim, int heads, double mlpRatio) : base(name)
    {
        _heads = heads;
        var hidden = (int)(dim * mlpRatio);
        norm1 = LayerNorm(dim);
        qkv = Linear(dim, 3 * dim);
        proj = Linear(dim, dim);
        norm2 = LayerNorm(dim);
        fc1 = Linear(dim, hidden);
        fc2 = Linear(hidden, dim);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var (b, n, d) = (x.shape[0], x.shape[1], x.shape[2]);
        // (B, N, 3D) -> 3 x (B, H, N, D/H)
        var parts = qkv.call(norm1.call(x)).view(b, n, 3, _heads, d / _heads).permute(2, 0, 3, 1, 4).unbind(0);
        var attended = functional.scaled_dot_product_attention(parts[0], parts[1], parts[2]); // (B, H, N, D/H)
        x = x.Plus(proj.call(attended.transpose(1, 2).reshape(b, n, d)));
        return x.Plus(fc2.call(functional.gelu(fc1.call(norm2.call(x)))));
    }
}
