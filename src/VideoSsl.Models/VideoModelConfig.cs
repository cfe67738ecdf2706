using System.Text.Json.Serialization;

namespace VideoSsl.Models;

/// <summary>The two model families: a video ViT (VideoMAE) and a convolutional space-time model.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<VideoArch>))]
public enum VideoArch
{
    /// <summary>Video ViT with tubelet tokens and a light MAE decoder (VideoMAE): for long GPU runs.</summary>
    Vit,

    /// <summary>Per-frame patch embedding, a translator that mixes time and space with convolutions, a per-frame decoder (SimVP/TAU-style): learns motion at CPU budgets.</summary>
    Conv,
}

/// <summary>The architecture of a video model: family, clip geometry, token size, widths and depths.</summary>
/// <remarks>
/// Immutable; a checkpoint stores it, and a model is only ever loaded into the config that made it. Both families cut
/// clips into tokens of <see cref="TubeletFrames"/> × <see cref="PatchSize"/>²: the ViT embeds each token, the conv
/// model embeds each frame's patches and keeps the tubelet as the tube mask's unit. Checkpoints written before the
/// conv family existed have no <see cref="Arch"/> and read as <see cref="VideoArch.Vit"/>.
/// </remarks>
public sealed record VideoModelConfig
{
    /// <summary>Model family.</summary>
    public VideoArch Arch { get; init; } = VideoArch.Vit;

    /// <summary>Frames per clip the model sees (context plus future for the future-frame objective).</summary>
    public int Frames { get; init; } = 20;

    /// <summary>Square frame side in pixels.</summary>
    public int ImageSize { get; init; } = 64;

    /// <summary>1 (gray) or 3 (RGB).</summary>
    public int Channels { get; init; } = 3;

    /// <summary>Frames per tubelet (ViT token; conv: the tube mask's time unit).</summary>
    public int TubeletFrames { get; init; } = 2;

    /// <summary>Tubelet side in pixels (ViT token; conv: the patch embedding's stride and the tube mask's unit).</summary>
    public int PatchSize { get; init; } = 8;

    /// <summary>ViT: token width. Conv: patch-embedding width.</summary>
    public int Dim { get; init; } = 128;

    /// <summary>ViT: encoder blocks. Conv: translator blocks.</summary>
    public int Depth { get; init; } = 4;

    public int Heads { get; init; } = 4;
    public double MlpRatio { get; init; } = 4;
    public int DecoderDim { get; init; } = 64;
    public int DecoderDepth { get; init; } = 1;
    public int DecoderHeads { get; init; } = 2;

    /// <summary>Conv: channels per frame in the translator (frames × this many channels are mixed together).</summary>
    public int FrameChannels { get; init; } = 16;

    /// <summary>Conv: side of the translator's depthwise spatial kernel.</summary>
    public int Kernel { get; init; } = 5;

    /// <summary>Frames the future-frame objective shows the model; the rest (Frames − ContextFrames) are predicted.</summary>
    public int ContextFrames { get; init; } = 10;

    /// <summary>ViT for CPU and tests: 640 tokens at 20×64×64, a few minutes of pretraining on 2 cores.</summary>
    public static VideoModelConfig Tiny { get; } = new();

    /// <summary>ViT-S sized encoder (GPU).</summary>
    public static VideoModelConfig Small { get; } = new() { Dim = 384, Depth = 12, Heads = 6, DecoderDim = 192, DecoderDepth = 4, DecoderHeads = 3 };

    /// <summary>ViT-B sized encoder (GPU).</summary>
    public static VideoModelConfig Base { get; } = new() { Dim = 768, Depth = 12, Heads = 12, DecoderDim = 384, DecoderDepth = 4, DecoderHeads = 6 };

    /// <summary>Conv model for CPU: frames of 8×8 patches, 4 translator blocks over the 10 context frames × 16 channels.</summary>
    public static VideoModelConfig ConvTiny { get; } = new() { Arch = VideoArch.Conv, Dim = 64, Depth = 4, MlpRatio = 2, FrameChannels = 16, Kernel = 5 };

    /// <summary>Wider, deeper conv model (GPU).</summary>
    public static VideoModelConfig ConvSmall { get; } = new() { Arch = VideoArch.Conv, Dim = 128, Depth = 8, MlpRatio = 4, FrameChannels = 32, Kernel = 7 };

    /// <summary>Conv model sized like ViT-B's compute (GPU).</summary>
    public static VideoModelConfig ConvBase { get; } = new() { Arch = VideoArch.Conv, Dim = 256, Depth = 12, MlpRatio = 4, FrameChannels = 64, Kernel = 7 };

    /// <summary>The names <see cref="Preset"/> accepts.</summary>
    public static IReadOnlyList<string> PresetNames { get; } = ["tiny", "small", "base"];

    /// <summary>The preset called <paramref name="name"/> (tiny, small, base) of the family <paramref name="arch"/>.</summary>
    public static VideoModelConfig Preset(string name, VideoArch arch = VideoArch.Vit) => (name.ToLowerInvariant(), arch) switch
    {
        ("tiny", VideoArch.Vit) => Tiny,
        ("small", VideoArch.Vit) => Small,
        ("base", VideoArch.Vit) => Base,
        ("tiny", VideoArch.Conv) => ConvTiny,
        ("small", VideoArch.Conv) => ConvSmall,
        ("base", VideoArch.Conv) => ConvBase,
        _ => throw new ArgumentException($"Unknown model preset '{name}'; use {string.Join(", ", PresetNames)}.", nameof(name)),
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
        Check(Enum.IsDefined(Arch), $"arch {Arch} is not vit or conv");
        Check(TubeletFrames >= 1 && Frames >= TubeletFrames && Frames % TubeletFrames == 0, $"frames ({Frames}) must be a positive multiple of the tubelet length ({TubeletFrames})");
        Check(PatchSize >= 1 && ImageSize >= PatchSize && ImageSize % PatchSize == 0, $"image size ({ImageSize}) must be a positive multiple of the patch size ({PatchSize})");
        Check(Channels is 1 or 3, $"channels must be 1 or 3, not {Channels}");
        Check(Depth >= 1, "depth must be at least 1");
        Check(MlpRatio > 0, "mlp ratio must be positive");
        Check(ContextFrames >= TubeletFrames && ContextFrames < Frames && ContextFrames % TubeletFrames == 0,
            $"context frames ({ContextFrames}) must be a multiple of the tubelet length ({TubeletFrames}) and fewer than the clip's {Frames} frames");
        if (Arch == VideoArch.Vit)
        {
            Check(Dim > 0 && Heads > 0 && Dim % Heads == 0, $"dim ({Dim}) must be a positive multiple of heads ({Heads})");
            Check(DecoderDim > 0 && DecoderHeads > 0 && DecoderDim % DecoderHeads == 0, $"decoder dim ({DecoderDim}) must be a positive multiple of decoder heads ({DecoderHeads})");
            Check(DecoderDepth >= 1, "decoder depth must be at least 1");
        }
        else
        {
            Check(Dim >= 1, $"dim ({Dim}) must be at least 1");
            Check(FrameChannels >= 1, $"frame channels ({FrameChannels}) must be at least 1");
            Check(Kernel >= 1 && Kernel % 2 == 1, $"kernel ({Kernel}) must be odd and at least 1");
        }
        return problems;
    }

    /// <summary>A short human description, e.g. "vit: dim 128, depth 4, heads 4, decoder 64x1, tubelet 2x8x8, 20x64x64x3 -> 640 tokens".</summary>
    public string Describe() => Arch == VideoArch.Vit
        ? $"vit: dim {Dim}, depth {Depth}, heads {Heads}, decoder {DecoderDim}x{DecoderDepth}, tubelet {TubeletFrames}x{PatchSize}x{PatchSize}, {Frames}x{ImageSize}x{ImageSize}x{Channels} -> {Tokens} tokens"
        : $"conv: patch {PatchSize}x{PatchSize} embed {Dim}, translator {Depth} blocks over {ContextFrames} context frames x {FrameChannels} channels on {GridS}x{GridS}, kernel {Kernel}, mlp {MlpRatio}, {Frames - ContextFrames} frames predicted, {Frames}x{ImageSize}x{ImageSize}x{Channels}";
}
