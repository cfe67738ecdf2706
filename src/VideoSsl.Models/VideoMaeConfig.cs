namespace VideoSsl.Models;

/// <summary>The architecture of a video MAE: clip geometry, tubelet size, encoder and decoder widths and depths.</summary>
/// <remarks>Immutable; a checkpoint stores it, and a model is only ever loaded into the config that made it.</remarks>
public sealed record VideoMaeConfig
{
    /// <summary>Frames per clip the model sees (context plus future for the future-frame objective).</summary>
    public int Frames { get; init; } = 20;

    /// <summary>Square frame side in pixels.</summary>
    public int ImageSize { get; init; } = 64;

    /// <summary>1 (gray) or 3 (RGB).</summary>
    public int Channels { get; init; } = 3;

    /// <summary>Frames per tubelet.</summary>
    public int TubeletFrames { get; init; } = 2;

    /// <summary>Tubelet side in pixels.</summary>
    public int PatchSize { get; init; } = 8;

    public int Dim { get; init; } = 128;
    public int Depth { get; init; } = 4;
    public int Heads { get; init; } = 4;
    public double MlpRatio { get; init; } = 4;
    public int DecoderDim { get; init; } = 64;
    public int DecoderDepth { get; init; } = 1;
    public int DecoderHeads { get; init; } = 2;

    /// <summary>Frames the future-frame objective shows the encoder; the rest (Frames − ContextFrames) are predicted.</summary>
    public int ContextFrames { get; init; } = 10;

    /// <summary>For CPU and tests: 640 tokens at 20×64×64, a few minutes of pretraining on 2 cores.</summary>
    public static VideoMaeConfig Tiny { get; } = new();

    /// <summary>ViT-S sized encoder (GPU).</summary>
    public static VideoMaeConfig Small { get; } = new() { Dim = 384, Depth = 12, Heads = 6, DecoderDim = 192, DecoderDepth = 4, DecoderHeads = 3 };

    /// <summary>ViT-B sized encoder (GPU).</summary>
    public static VideoMaeConfig Base { get; } = new() { Dim = 768, Depth = 12, Heads = 12, DecoderDim = 384, DecoderDepth = 4, DecoderHeads = 6 };

    /// <summary>The preset called <paramref name="name"/> (tiny, small, base).</summary>
    public static VideoMaeConfig Preset(string name) => name.ToLowerInvariant() switch
    {
        "tiny" => Tiny,
        "small" => Small,
        "base" => Base,
        _ => throw new ArgumentException($"Unknown model preset '{name}'; use tiny, small or base.", nameof(name)),
    };

    /// <summary>Tubelets along time.</summary>
    public int GridT => Frames / TubeletFrames;

    /// <summary>Tubelets along each spatial side.</summary>
    public int GridS => ImageSize / PatchSize;

    /// <summary>Tubelets per time slot.</summary>
    public int SpatialTokens => GridS * GridS;

    /// <summary>Tokens in a whole clip.</summary>
    public int Tokens => GridT * SpatialTokens;

    /// <summary>Tokens in the context part of a clip.</summary>
    public int ContextTokens => ContextFrames / TubeletFrames * SpatialTokens;

    /// <summary>Values in one tubelet (its pixel target).</summary>
    public int PatchValues => TubeletFrames * PatchSize * PatchSize * Channels;

    /// <summary>Returns the problems with this config, empty when it is usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        void Check(bool ok, string message)
        {
            if (!ok)
            {
                problems.Add(message);
            }
        }
        Check(TubeletFrames >= 1 && Frames >= TubeletFrames && Frames % TubeletFrames == 0, $"frames ({Frames}) must be a positive multiple of the tubelet length ({TubeletFrames})");
        Check(PatchSize >= 1 && ImageSize >= PatchSize && ImageSize % PatchSize == 0, $"image size ({ImageSize}) must be a positive multiple of the patch size ({PatchSize})");
        Check(Channels is 1 or 3, $"channels must be 1 or 3, not {Channels}");
        Check(Dim > 0 && Heads > 0 && Dim % Heads == 0, $"dim ({Dim}) must be a positive multiple of heads ({Heads})");
        Check(DecoderDim > 0 && DecoderHeads > 0 && DecoderDim % DecoderHeads == 0, $"decoder dim ({DecoderDim}) must be a positive multiple of decoder heads ({DecoderHeads})");
        Check(Depth >= 1 && DecoderDepth >= 1, "depth and decoder depth must be at least 1");
        Check(MlpRatio > 0, "mlp ratio must be positive");
        Check(ContextFrames >= TubeletFrames && ContextFrames < Frames && ContextFrames % TubeletFrames == 0,
            $"context frames ({ContextFrames}) must be a multiple of the tubelet length ({TubeletFrames}) and fewer than the clip's {Frames} frames");
        return problems;
    }

    /// <summary>A short human description: "dim 128, depth 4, heads 4, decoder 64×1, tubelet 2×8×8, 640 tokens".</summary>
    public string Describe() =>
        $"dim {Dim}, depth {Depth}, heads {Heads}, decoder {DecoderDim}x{DecoderDepth}, tubelet {TubeletFrames}x{PatchSize}x{PatchSize}, {Frames}x{ImageSize}x{ImageSize}x{Channels} -> {Tokens} tokens";
}
