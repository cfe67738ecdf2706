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

    [Fact]
    public void Flattened_groups_step_as_parameter_by_parameter_skip_a_missing_gradient_alike_and_resume_exactly_from_their_state()
    {
        TorchRuntime.EnsureLoaded();
        var options = new AdamWOptions { LearningRate = 0.01, MinLearningRate = 0.001, WarmupSteps = 2, WeightDecay = 0.1, Beta2 = 0.99 };
        const int Steps = 8;
        using var flat = Stack();
        using var perParameter = Stack();
        using var flatOptimizer = ScheduledAdamW.Create(ScheduledAdamW.DecayMatricesOnly(flat.parameters().ToList()), options, Steps);
        using var plain = new SafeAdamW(
        [
            new AdamW.ParamGroup(perParameter.parameters().Where(p => p.dim() >= 2), options.LearningRate, options.Beta1, options.Beta2, 1e-8, options.WeightDecay, false, false),
            new AdamW.ParamGroup(perParameter.parameters().Where(p => p.dim() < 2), options.LearningRate, options.Beta1, options.Beta2, 1e-8, 0.0, false, false),
        ], options.LearningRate, options.Beta1, options.Beta2, 1e-8, options.WeightDecay);
        var schedule = new LearningRateSchedule(options.LearningRate, options.MinLearningRate, options.WarmupSteps, Steps);
        using var saved = new MemoryStream();
        var savedModel = Array.Empty<byte>();
        for (var step = 1; step <= Steps; step++)
        {
            flatOptimizer.Schedule(step);
            foreach (var group in plain.ParamGroups)
            {
                group.LearningRate = schedule.At(step);
            }
            foreach (var (model, optimizer) in new (Sequential, SafeAdamW)[] { (flat, flatOptimizer.Optimizer), (perParameter, plain) })
            {
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                Loss(model, step).backward();
                optimizer.step();
            }
            if (step == 4)
            {
                using var writer = new BinaryWriter(saved, System.Text.Encoding.UTF8, leaveOpen: true);
                flatOptimizer.Optimizer.save_state_dict(writer);
                using var model = new MemoryStream();
                flat.save(model);
                savedModel = model.ToArray();
            }
        }
        // The same arithmetic, up to rounding: libtorch's vectorised and scalar loops may round the last bit apart.
        foreach (var (a, b) in flat.parameters().Zip(perParameter.parameters()))
        {
            Assert.True(a.allclose(b, rtol: 1e-5, atol: 1e-7), $"max difference {(a - b).abs().max().item<float>()}");
        }

        // Resumed from step 4 into a fresh flattened optimizer: the same parameters at the end.
        using var resumed = Stack();
        using var resumedOptimizer = ScheduledAdamW.Create(ScheduledAdamW.DecayMatricesOnly(resumed.parameters().ToList()), options, Steps);
        resumed.load(new MemoryStream(savedModel));
        saved.Position = 0;
        using (var reader = new BinaryReader(saved))
        {
            resumedOptimizer.Optimizer.load_state_dict(reader);
        }
        for (var step = 5; step <= Steps; step++)
        {
            using var scope = NewDisposeScope();
            resumedOptimizer.Schedule(step);
            resumedOptimizer.Optimizer.zero_grad();
            Loss(resumed, step).backward();
            resumedOptimizer.Optimizer.step();
        }
        foreach (var (a, b) in resumed.parameters().Zip(flat.parameters()))
        {
            Assert.Equal(b.data<float>().ToArray(), a.data<float>().ToArray());
        }

        // Steps 1-5 take the flattened path. At step 6 the last layer is left out: its parameters have no gradient, as a
        // frozen or unused branch's, so that step and (their step counts now differing) every later one go parameter
        // by parameter.
        static Tensor Loss(Sequential model, int step)
        {
            var x = ((nn.Module<Tensor, Tensor>)model[0]).call(Input());
            return (step == 6 ? x : ((nn.Module<Tensor, Tensor>)model[1]).call(x)).Squared().mean();
        }
    }

    private static Sequential Stack()
    {
        manual_seed(11);
        return nn.Sequential(("a", nn.Linear(4, 5)), ("b", nn.Linear(5, 3)));
    }

    private static Linear Model()
    {
        manual_seed(7);
        return nn.Linear(4, 3);
    }

    private static Tensor Input() => tensor(new float[] { 0.5f, -1, 2, 0.25f, 1, 1, -0.5f, 3 }, [2, 4]);
}
