using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using VideoSsl.Models;
using VideoSsl.Storage;

namespace VideoSsl.Training.Tests;

/// <summary>The checkpoint blob: headers written by earlier builds still read.</summary>
public class CheckpointTests
{
    [Fact]
    public void A_format_1_header_with_flat_settings_reads_as_the_nested_ones()
    {
        var options = new PretrainOptions
        {
            Dataset = "digits",
            Input = new() { BatchSize = 4, ShuffleShards = 2, Augment = false, CropScaleMin = 0.7, FlipProbability = 0.25 },
            Objective = new() { FutureRatio = 0.3, MaskRatio = 0.75, NormalizeTargets = false },
            Optimizer = new() { LearningRate = 3e-4, MinLearningRate = 1e-6, WarmupSteps = 7, Beta2 = 0.98, ClipGradNorm = 0.5 },
        };
        var checkpoint = Checkpoint.Create(7, 7, VideoModelConfig.Tiny, options.Signature("v123"), options, [1, 2, 3], [4, 5], [6]);

        var legacy = Flatten(checkpoint.ToBytes());
        Assert.DoesNotContain("\"input\"", Encoding.UTF8.GetString(legacy), StringComparison.Ordinal);
        var read = Checkpoint.Parse("legacy.ckpt", legacy);

        Assert.Equal(checkpoint.Header.Signature, read.Header.Signature);
        Assert.Equal(options.Input, read.Header.Options.Input);
        Assert.Equal(options.Objective, read.Header.Options.Objective);
        Assert.Equal(options.Optimizer, read.Header.Options.Optimizer);
        Assert.Empty(read.Incompatibilities(VideoModelConfig.Tiny, options.Signature("v123")));
        Assert.Contains("training BatchSize: checkpoint 4, now 8", read.Incompatibilities(VideoModelConfig.Tiny, options.Signature("v123") with { Input = options.Input with { BatchSize = 8 } }));
    }

    // The blob as builds before the nesting wrote it: the signature's and the options' input, objective and optimizer values flat.
    private static byte[] Flatten(byte[] blob)
    {
        var length = BitConverter.ToInt32(blob, 8);
        var header = JsonNode.Parse(blob.AsSpan(12, length))!.AsObject();
        foreach (var section in new[] { "signature", "options" })
        {
            var node = header[section]!.AsObject();
            foreach (var group in new[] { "input", "objective", "optimizer" }.Where(node.ContainsKey))
            {
                var nested = node[group]!.AsObject();
                node.Remove(group);
                foreach (var (key, value) in nested.ToList())
                {
                    nested.Remove(key);
                    node[key] = value;
                }
            }
        }
        var flat = JsonSerializer.SerializeToUtf8Bytes(header, BlobStoreExtensions.Json);
        return [.. blob.AsSpan(0, 8), .. BitConverter.GetBytes(flat.Length), .. flat, .. blob.AsSpan(12 + length)];
    }
}
