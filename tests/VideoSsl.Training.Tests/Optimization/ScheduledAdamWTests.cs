using TorchSharp;
using TorchSharp.Modules;
using VideoSsl.Models;
using VideoSsl.Training.Optimization;
using VideoSsl.Training.Supervised;
using static TorchSharp.torch;

namespace VideoSsl.Training.Tests.Optimization;

/// <summary>The one AdamW builder steps exactly as the optimizers each loop built before it, with the same state format.</summary>
public class ScheduledAdamWTests
{
    [Fact]
    public void Pretraining_and_fine_tuning_keep_their_own_defaults()
    {
        Assert.Equal(new AdamWOptions { LearningRate = 1e-3, MinLearningRate = 1e-5, WarmupSteps = 50, WeightDecay = 0.05, Beta1 = 0.9, Beta2 = 0.95, ClipGradNorm = 1.0 },
            new PretrainOptions().Optimizer);
        Assert.Equal(new AdamWOptions { LearningRate = 1e-3, MinLearningRate = 1e-6, WarmupSteps = 30, WeightDecay = 0.05, Beta1 = 0.9, Beta2 = 0.999, ClipGradNorm = 1.0 },
            new FineTuneOptions().Optimizer);
    }

    [Fact]
    public void Steps_are_bitwise_those_of_the_hand_built_AdamW_and_its_state_loads_into_one()
    {
        TorchRuntime.EnsureLoaded();
        var options = new AdamWOptions { LearningRate = 0.01, MinLearningRate = 0.001, WarmupSteps = 2, WeightDecay = 0.1, Beta2 = 0.99 };
        const int Steps = 5;
        using var a = Model();
        using var b = Model();
        using var built = ScheduledAdamW.Create([new ParameterGroup([a.weight!], Decay: true), new ParameterGroup([a.bias!], Decay: false, Scale: 0.5)], options, Steps);
        // What each loop wrote before: its own groups, learning rates set from the schedule step by step.
        using var handBuilt = new SafeAdamW(
            [
                new AdamW.ParamGroup([b.weight!], options.LearningRate, options.Beta1, options.Beta2, 1e-8, options.WeightDecay, false, false),
                new AdamW.ParamGroup([b.bias!], options.LearningRate * 0.5, options.Beta1, options.Beta2, 1e-8, 0.0, false, false),
            ],
            options.LearningRate, options.Beta1, options.Beta2, 1e-8, options.WeightDecay);
        var schedule = new LearningRateSchedule(options.LearningRate, options.MinLearningRate, options.WarmupSteps, Steps);

        for (var step = 1; step <= Steps; step++)
        {
            var lr = built.Schedule(step);
            handBuilt.ParamGroups.ElementAt(0).LearningRate = schedule.At(step);
            handBuilt.ParamGroups.ElementAt(1).LearningRate = schedule.At(step) * 0.5;
            Assert.Equal([lr, lr * 0.5], built.Optimizer.ParamGroups.Select(g => g.LearningRate));
            foreach (var (model, optimizer) in new (Linear, SafeAdamW)[] { (a, built.Optimizer), (b, handBuilt) })
            {
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                model.call(Input()).Squared().mean().backward();
                optimizer.step();
            }
        }

        Assert.Equal(b.weight!.data<float>().ToArray(), a.weight!.data<float>().ToArray());
        Assert.Equal(b.bias!.data<float>().ToArray(), a.bias!.data<float>().ToArray());
        using var state = new MemoryStream();
        using (var writer = new BinaryWriter(state, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            built.Optimizer.save_state_dict(writer);
        }
        state.Position = 0;
        using var reader = new BinaryReader(state);
        handBuilt.load_state_dict(reader);
    }

    private static Linear Model()
    {
        manual_seed(7);
        return nn.Linear(4, 3);
    }

    private static Tensor Input() => tensor(new float[] { 0.5f, -1, 2, 0.25f, 1, 1, -0.5f, 3 }, [2, 4]);
}
