using System.Diagnostics;
using TorchSharp;
using VideoSsl.Clips.Datasets;
using VideoSsl.Evaluation.Baselines;
using VideoSsl.Evaluation.Metrics;
using VideoSsl.Evaluation.Reporting;
using VideoSsl.Evaluation.Sampling;
using VideoSsl.Models;
using VideoSsl.Training.Supervised;
using static TorchSharp.torch;

namespace VideoSsl.Evaluation.Protocols;

/// <summary>
/// The classification protocols on the same splits and label samples: linear probe and fine-tuning, pretrained and from
/// scratch, plus the same probe on hand-crafted motion-energy features as a reference that learns nothing beforehand.
/// </summary>
/// <remarks>
/// Runs synchronously on the calling thread (the tensor thread). Everything a run chooses (the probe's penalty) is
/// chosen on its labeled training sample alone; the test split is only scored. Fine-tuning gives both arms the same
/// schedule (steps from the sample's size), each its own learning rate, and by default starts each arm's head from its
/// own encoder's probe (LP-FT).
/// </remarks>
public sealed class ClassificationProtocols(LabeledClips data, EvaluateOptions options, Func<VideoModel> loadPretrained, VideoModelConfig config, Device device, Action<string> log)
{
    private const ulong RandomInitStream = 21;

    /// <summary>Validation videos per class for the fine-tuning curves (labeled training videos outside the sample).</summary>
    private const int CurveVideosPerClass = 10;

    /// <summary>Runs every budget × seed × protocol and returns one record per run.</summary>
    public IReadOnlyList<ProtocolRun> Run(CancellationToken cancellationToken)
    {
        var runs = new List<ProtocolRun>();
        var testClips = data.Test.Select(e => data.Pixels[e.Clip]).ToList();
        var testLabels = data.Test.Select(data.LabelOf).ToList();
        var testVideos = data.Test.Select(e => e.VideoId).ToList();
        var allTrain = data.Train.Select(e => data.Pixels[e.Clip]).ToList();
        var shape = data.Dataset.Shape;
        var trainIndex = data.Train.Select((e, i) => (e.Clip, i)).ToDictionary(p => p.Clip, p => p.i);
        var test = new TestSplit(testVideos, testLabels);

        // Features of every clip under the pretrained encoder, and under a random encoder per seed: extracted once, reused by every budget.
        log("Extracting features with the pretrained encoder ...");
        Features pretrained;
        using (var model = loadPretrained())
        {
            pretrained = new Features(FeatureExtractor.Extract(model.Encoder, allTrain, shape, device), FeatureExtractor.Extract(model.Encoder, testClips, shape, device));
        }

        log("Computing the hand-crafted motion-energy features (reference) ...");
        var motion = new Features(MotionFeatures(allTrain), MotionFeatures(testClips));

        foreach (var seed in options.Seeds)
        {
            Features random;
            using (var model = RandomModel(config, seed))
            {
                model.to(device);
                random = new Features(FeatureExtractor.Extract(model.Encoder, allTrain, shape, device), FeatureExtractor.Extract(model.Encoder, testClips, shape, device));
            }
            foreach (var budget in options.Budgets())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var sample = new LabelSampler(budget, seed).Sample(data.Train);
                var run = new SampleRun(
                    budget, seed, [.. sample.Entries.Select(e => trainIndex[e.Clip])], [.. sample.Entries.Select(data.LabelOf)],
                    [.. sample.Entries.Select(e => e.VideoId)], sample.VideoIds.Count);
                var clips = sample.Entries.Select(e => data.Pixels[e.Clip]).ToList();
                var steps = options.FinetuneStepsFor(clips.Count);
                log($"Budget {budget}, seed {seed}: {run.Videos} labeled videos ({clips.Count} clips)" + (options.Finetune ? $"; fine-tuning {steps} steps." : "."));

                var (pretrainedRun, pretrainedProbe) = Probe(EvaluationProtocol.PretrainedProbe, pretrained, run, test);
                var (randomRun, randomProbe) = Probe(EvaluationProtocol.RandomProbe, random, run, test);
                runs.Add(pretrainedRun);
                runs.Add(randomRun);
                runs.Add(Probe(EvaluationProtocol.MotionEnergyProbe, motion, run, test).Run);
                if (!options.Finetune)
                {
                    continue;
                }
                var validation = budget.LabelsPerClass == EvaluateRunner.TargetLabelsPerClass ? Validation(sample.VideoIds, seed) : null;
                using (var fromPretrained = loadPretrained())
                {
                    runs.Add(FineTune(EvaluationProtocol.FinetunePretrained, fromPretrained.Encoder, clips, run, steps, options.FinetuneLearningRate,
                        options.FinetuneFromProbe ? pretrainedProbe : null, validation, testClips, test, cancellationToken));
                }
                using (var scratch = RandomModel(config, seed))
                {
                    runs.Add(FineTune(EvaluationProtocol.FinetuneScratch, scratch.Encoder, clips, run, steps, options.ScratchLearningRate,
                        options.FinetuneFromProbe ? randomProbe : null, validation, testClips, test, cancellationToken));
                }
            }
        }
        return runs;
    }

    /// <summary>
    /// The randomly initialised model of a label seed: the random-encoder probe's and the scratch fine-tuning's starting
    /// point. Its initialisation is drawn from the seed (a different one per seed, the same on every rerun), through a
    /// stream of its own, so it is never the pretraining run's own starting point (pretraining seeds torch with its seed directly).
    /// </summary>
    public static VideoModel RandomModel(VideoModelConfig config, int seed)
    {
        using var saved = get_rng_state();
        manual_seed((long)(DeterministicRng.For(seed, RandomInitStream, 0).NextUInt64() >> 1));
        var model = VideoModel.Create(config);
        set_rng_state(saved);
        return model;
    }

    private float[][] MotionFeatures(IReadOnlyList<byte[]> clips)
    {
        var s = data.Dataset.Shape;
        return [.. clips.Select(c => MotionEnergyFeatures.Of(c, s.Frames, s.Height, s.Width, s.Channels))];
    }

    // Up to CurveVideosPerClass labeled training videos per class that the sample left out: the fine-tuning curves'
    // validation set. Never used to choose anything, and never the test split.
    private LabeledClipSet? Validation(IReadOnlySet<string> sampled, int seed)
    {
        var held = data.Train.Where(e => !sampled.Contains(e.VideoId)).GroupBy(e => e.Label!, StringComparer.Ordinal)
            .SelectMany(g => SeededOrder.Shuffle(g.Select(e => e.VideoId).Distinct(), v => v, seed).Take(CurveVideosPerClass)
                .SelectMany(v => g.Where(e => e.VideoId == v)))
            .ToList();
        return held.Count == 0 ? null : new LabeledClipSet([.. held.Select(e => data.Pixels[e.Clip])], [.. held.Select(data.LabelOf)]);
    }

    private (ProtocolRun Run, LinearProbe Probe) Probe(EvaluationProtocol protocol, Features features, SampleRun run, TestSplit test)
    {
        var choice = FitProbe(features.Train, run);
        var result = MultiView.Score(test.Videos, choice.Probe.PredictLogits(features.Test), test.Labels, data.Classes);
        log($"  {protocol}: top-1 {100 * result.Top1:0.0}% (L2 {choice.Penalty:g2}, {(choice.Folds > 0 ? $"{choice.Folds}-fold cross-validation" : "default: one video in some class")})");
        return (new ProtocolRun(protocol, run.Budget, run.Seed, run.Videos, options.Views, result) { ProbePenalty = choice.Penalty, ProbeFolds = choice.Folds }, choice.Probe);
    }

    // The probe's penalty chosen by cross-validation on the sample, and the probe fitted with it on the whole sample.
    private ProbeChoice FitProbe(float[][] trainFeatures, SampleRun run)
    {
        var selection = new ProbeSelectionOptions { Folds = options.ProbeFolds, Probe = new LinearProbeOptions { Steps = options.ProbeEpochs } };
        return ProbeSelection.Fit([.. run.Rows.Select(r => trainFeatures[r])], run.Labels, run.Groups, data.Classes.Count, selection, run.Seed);
    }

    private ProtocolRun FineTune(EvaluationProtocol protocol, VideoEncoder encoder, IReadOnlyList<byte[]> clips, SampleRun run, int steps, double learningRate,
        LinearProbe? head, LabeledClipSet? validation, IReadOnlyList<byte[]> testClips, TestSplit test, CancellationToken cancellationToken)
    {
        var (result, classifier) = Tune(protocol, encoder, clips, run, steps, learningRate, head, validation, testClips, test, cancellationToken);
        classifier.Dispose();
        return result!;
    }

    /// <summary>
    /// The fine-tuning arm of <see cref="Run"/> from the pretrained encoder on one budget and seed, with the classifier
    /// kept (<c>videossl finetune</c>): the same label sample, schedule, learning rate and LP-FT head as evaluation gives
    /// that arm, scored on the test split when the set has one.
    /// </summary>
    public KeptClassifier TrainClassifier(LabelBudget budget, int seed, CancellationToken cancellationToken)
    {
        var shape = data.Dataset.Shape;
        var allTrain = data.Train.Select(e => data.Pixels[e.Clip]).ToList();
        var trainIndex = data.Train.Select((e, i) => (e.Clip, i)).ToDictionary(p => p.Clip, p => p.i);
        var testClips = data.Test.Select(e => data.Pixels[e.Clip]).ToList();
        var test = new TestSplit(data.Test.Select(e => e.VideoId).ToList(), data.Test.Select(data.LabelOf).ToList());
        var sample = new LabelSampler(budget, seed).Sample(data.Train);
        var run = new SampleRun(budget, seed, [.. sample.Entries.Select(e => trainIndex[e.Clip])], [.. sample.Entries.Select(data.LabelOf)],
            [.. sample.Entries.Select(e => e.VideoId)], sample.VideoIds.Count);
        var clips = sample.Entries.Select(e => data.Pixels[e.Clip]).ToList();
        var steps = options.FinetuneStepsFor(clips.Count);
        log($"Budget {budget}, seed {seed}: {run.Videos} labeled videos ({clips.Count} clips); fine-tuning {steps} steps.");
        var model = loadPretrained();
        try
        {
            LinearProbe? head = null;
            if (options.FinetuneFromProbe)
            {
                head = FitProbe(FeatureExtractor.Extract(model.Encoder, allTrain, shape, device), run).Probe;
            }
            var (result, classifier) = Tune(EvaluationProtocol.FinetunePretrained, model.Encoder, clips, run, steps, options.FinetuneLearningRate, head, null, testClips, test, cancellationToken);
            return new KeptClassifier(model, classifier, result, steps, run.Videos);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    // Fine-tunes and scores on the test split (no score without test clips); the caller owns the classifier.
    private (ProtocolRun? Run, VideoClassifier Classifier) Tune(EvaluationProtocol protocol, VideoEncoder encoder, IReadOnlyList<byte[]> clips, SampleRun run, int steps, double learningRate,
        LinearProbe? head, LabeledClipSet? validation, IReadOnlyList<byte[]> testClips, TestSplit test, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        encoder.to(device);
        var defaults = new FineTuneOptions();
        var tuning = defaults with
        {
            Steps = steps,
            Optimizer = defaults.Optimizer with { WarmupSteps = Math.Min(30, steps / 10), LearningRate = learningRate },
            BatchSize = options.FinetuneBatch,
            Seed = run.Seed,
            LogEvery = Math.Max(1, steps / 20),
            ValidateEvery = Math.Max(1, steps / 8),
        };
        var curve = new List<FineTuneCurvePoint>();
        var classifier = FineTuner.Train(encoder, clips, data.Dataset.Shape, run.Labels, data.Classes.Count, tuning, head, validation,
            s => curve.Add(new FineTuneCurvePoint(s.Step, s.Loss, s.ValidationTop1)), cancellationToken);
        if (testClips.Count == 0)
        {
            log($"  {protocol}: {steps} steps, lr {learningRate:g2}, {clock.Elapsed.TotalSeconds:0.0} s (no test split to score)");
            return (null, classifier);
        }
        var result = MultiView.Score(test.Videos, FineTuner.Predict(classifier, testClips, data.Dataset.Shape), test.Labels, data.Classes);
        var last = curve.LastOrDefault(p => p.ValidationTop1 is not null);
        log($"  {protocol}: top-1 {100 * result.Top1:0.0}% ({steps} steps, lr {learningRate:g2}"
            + (last is null ? "" : $", validation {100 * last.ValidationTop1!.Value:0.0}%") + $", {clock.Elapsed.TotalSeconds:0.0} s)");
        return (new ProtocolRun(protocol, run.Budget, run.Seed, run.Videos, options.Views, result, steps) { LearningRate = learningRate, Curve = curve }, classifier);
    }

    private sealed record Features(float[][] Train, float[][] Test);

    private sealed record TestSplit(IReadOnlyList<string> Videos, IReadOnlyList<int> Labels);

    // A budget × seed sample: rows into the training features, their labels and videos, and how many videos it holds.
    private sealed record SampleRun(LabelBudget Budget, int Seed, int[] Rows, int[] Labels, string[] Groups, int Videos);
}

/// <summary>A classifier fine-tuned by <see cref="ClassificationProtocols.TrainClassifier"/>, its test score (null without a test split) and its steps; disposing it frees the model it was built in.</summary>
public sealed class KeptClassifier(VideoModel model, VideoClassifier classifier, ProtocolRun? test, int steps, int trainVideos) : IDisposable
{
    /// <summary>The classifier, in eval mode.</summary>
    public VideoClassifier Classifier { get; } = classifier;

    /// <summary>Its score on the test split, multi-view as evaluation scores; null when the set has no test split.</summary>
    public ProtocolRun? Test { get; } = test;

    /// <summary>Fine-tuning steps taken.</summary>
    public int Steps { get; } = steps;

    /// <summary>Labeled training videos in the sample it was fine-tuned on.</summary>
    public int TrainVideos { get; } = trainVideos;

    public void Dispose()
    {
        Classifier.Dispose();
        model.Dispose();
    }
}
