using TorchSharp.Modules;
using VideoSsl.Models;
using VideoSsl.Training.Optimization;
using static TorchSharp.torch;

namespace VideoSsl.Training.Supervised;

/// <summary>Fits many L2-regularized multinomial logistic regressions at once: one per (fold, penalty), on shared standardized features.</summary>
/// <remarks>
/// Problem (k, g) minimises mean cross-entropy over the rows fold k trains on plus λ_g/2·‖W‖² (the bias is not
/// penalised). The problems share nothing but the tensors that hold them, so one full-batch Adam run solves all of
/// them at the cost of one large matrix product per step — cross-validating a grid of penalties costs about as much
/// as one fit. Weights start at zero and every step sees every row: the result depends on the data and options alone.
/// </remarks>
internal static class ProbeSolver
{
    /// <summary>Weights (K, G, C, D) and biases (K, G, C), as host arrays, for K standardized copies of the rows.</summary>
    /// <param name="x">(K, N, D) standardized features, one copy per fold (each with its own fold's statistics).</param>
    /// <param name="labels">(N) class of each row.</param>
    /// <param name="trainMask">(K, N) 1 where fold k trains on row n.</param>
    /// <param name="penalties">λ of each of the G problems per fold.</param>
    public static (float[] Weight, float[] Bias, double[] TrainLoss) Fit(Tensor x, long[] labels, Tensor trainMask, IReadOnlyList<double> penalties, int classes, int steps, double learningRate)
    {
        using var scope = NewDisposeScope();
        long k = x.shape[0], n = x.shape[1], d = x.shape[2], g = penalties.Count;
        var y = nn.functional.one_hot(tensor(labels), classes).to(ScalarType.Float32);                        // (N, C)
        var rowWeight = trainMask / trainMask.sum(1, keepdim: true).AtLeast(1);                 // (K, N): mean over each fold's rows
        var lambda = tensor(penalties.Select(v => (float)v).ToArray()).reshape(1, g, 1, 1);    // (1, G, 1, 1)
        var weight = new Parameter(zeros(k, g, classes, d));
        var bias = new Parameter(zeros(k, g, classes));
        // Plain Adam (no decay: the penalty is in the loss), warmup, then cosine to 1 % of the peak.
        var adam = new AdamWOptions { LearningRate = learningRate, MinLearningRate = learningRate * 0.01, WarmupSteps = Math.Min(20, steps / 10), WeightDecay = 0, Beta2 = 0.999 };
        using var optimizer = ScheduledAdamW.Create([new ParameterGroup([weight, bias], Decay: false)], adam, steps);
        Tensor Losses()                                                                          // (K, G)
        {
            var logits = einsum("knd,kgcd->kgnc", x, weight).Plus(bias.unsqueeze(2));          // (K, G, N, C)
            var nll = -(nn.functional.log_softmax(logits, 3) * y).sum(3);                        // (K, G, N)
            var data = (nll * rowWeight.unsqueeze(1)).sum(2);                                    // (K, G)
            return data.Plus((weight.Squared() * lambda).sum([2, 3]).Times(0.5));
        }
        for (var step = 1; step <= steps; step++)
        {
            using var stepScope = NewDisposeScope();
            optimizer.Schedule(step);
            optimizer.Optimizer.zero_grad();
            Losses().sum().backward();
            optimizer.Optimizer.step();
        }
        using (no_grad())
        {
            var losses = Losses().reshape(-1).data<float>().ToArray().Select(v => (double)v).ToArray();
            return (weight.data<float>().ToArray(), bias.data<float>().ToArray(), losses);
        }
    }
}
