namespace VideoSsl.Models;

/// <summary>Fixed 1-D sine-cosine position embeddings over the token index, as in VideoMAE.</summary>
public static class SinusoidalPositions
{
    /// <summary>A (1, tokens, dim) table.</summary>
    public static Tensor Table(int tokens, int dim)
    {
        var table = new float[tokens * dim];
        for (var pos = 0; pos < tokens; pos++)
        {
            for (var i = 0; i < dim; i++)
            {
                var angle = pos / Math.Pow(10000, 2.0 * (i / 2) / dim);
                table[(pos * dim) + i] = (float)(i % 2 == 0 ? Math.Sin(angle) : Math.Cos(angle));
            }
        }
        return tensor(table, [1, tokens, dim]);
    }
}
