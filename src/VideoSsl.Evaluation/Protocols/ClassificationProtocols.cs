using System.Diagnostics;
using TorchSharp;
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
/// <remarks>Runs synchronously on the calling thread (the tensor thread).</remarks>
public sealed class ClassificationProtocols(LabeledClips data, EvaluateOptions options, Func<VideoModel> loadPretrained, VideoModelConfig config, Device device, Action<string> log)
{
    private const ulong RandomInitStream = 21;

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

        // Features of every clip under the pretrained encoder, and under a random encoder per seed: extracted once, reused by every budget.
        log("Extracting features with the pretrained encoder ...");
        float[][] pretrainedTrain, pretrainedTest;
        using (var pretrained = loadPretrained())
        {
            pretrainedTrain = FeatureExtractor.Extract(pretrained.Encoder, allTrain, shape, device);
            pretrainedTest = FeatureExtractor.Extract(pretrained.Encoder, testClips, shape, device);
        }

        log("Computing the hand-crafted motion-energy features (reference) ...");
        var (motionTrain, motionTest) = (MotionFeatures(allTrain), MotionFeatures(testClips));

        foreach (var seed in options.Seeds)
        {
            float[][] randomTrain, randomTest;
            using (var random = RandomModel(config, seed))
            {
                random.to(device);
                randomTrain = FeatureExtractor.Extract(random.Encoder, allTrain, shape, device);
                randomTest = FeatureExtractor.Extract(random.Encoder, testClips, shape, device);
            }
            foreach (var budget in options.Budgets())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var sample = new LabelSampler(budget, seed).Sample(data.Train);
                var rows = sample.Entries.Select(e => trainIndex[e.Clip]).ToArray();
                var labels = sample.Entries.Select(data.LabelOf).ToArray();
                var clips = sample.Entries.Select(e => data.Pixels[e.Clip]).ToList();
                var videos = sample.VideoIds.Count;
                var steps = options.FinetuneStepsFor(clips.Count);
                log($"Budget {budget}, seed {seed}: {videos} labeled videos ({clips.Count} clips); fine-tuning {steps} steps.");

                runs.Add(Probe(EvaluationProtocol.PretrainedProbe, pretrainedTrain, pretrainedTest, rows, labels, budget, seed, videos, testVideos, testLabels));
                runs.Add(Probe(EvaluationProtocol.RandomProbe, randomTrain, randomTest, rows, labels, budget, seed, videos, testVideos, testLabels));
                runs.Add(Probe(EvaluationProtocol.MotionEnergyProbe, motionTrain, motionTest, rows, labels, budget, seed, videos, testVideos, testLabels));
                using (var fromPretrained = loadPretrained())
                {
                    runs.Add(FineTune(EvaluationProtocol.FinetunePretrained, fromPretrained.Encoder, clips, labels, testClips, budget, seed, steps, videos, testVideos, testLabels, cancellationToken));
                }
                using (var scratch = RandomModel(config, seed))
                {
                    runs.Add(FineTune(EvaluationProtocol.FinetuneScratch, scratch.Encoder, clips, labels, testClips, budget, seed, steps, videos, testVideos, testLabels, cancellationToken));
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

    private ProtocolRun Probe(EvaluationProtocol protocol, float[][] train, float[][] test, int[] rows, int[] labels, LabelBudget budget, int seed,
        int videos, IReadOnlyList<string> testVideos, IReadOnlyList<int> testLabels)
    {
        manual_seed(seed);
        var probe = LinearProbe.Train(rows.Select(r => train[r]).ToArray(), labels, data.Classes.Count, new LinearProbeOptions { Steps = options.ProbeEpochs });
        var result = MultiView.Score(testVideos, probe.PredictLogits(test), testLabels, data.Classes);
        log($"  {protocol}: top-1 {100 * result.Top1:0.0}%");
        return new ProtocolRun(protocol, budget, seed, videos, options.Views, result);
    }

    private ProtocolRun FineTune(EvaluationProtocol protocol, VideoEncoder encoder, IReadOnlyList<byte[]> clips, int[] labels, IReadOnlyList<byte[]> testClips,
        LabelBudget budget, int seed, int steps, int videos, IReadOnlyList<string> testVideos, IReadOnlyList<int> testLabels, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        encoder.to(device);
        var tuning = new FineTuneOptions
        {
            Steps = steps,
            WarmupSteps = Math.Min(30, steps / 10),
            BatchSize = options.FinetuneBatch,
            LearningRate = options.FinetuneLearningRate,
            Seed = seed,
        };
        using var classifier = FineTuner.Train(encoder, clips, data.Dataset.Shape, labels, data.Classes.Count, tuning, cancellationToken: cancellationToken);
        var result = MultiView.Score(testVideos, FineTuner.Predict(classifier, testClips, data.Dataset.Shape), testLabels, data.Classes);
        log($"  {protocol}: top-1 {100 * result.Top1:0.0}% ({steps} steps, {clock.Elapsed.TotalSeconds:0.0} s)");
        return new ProtocolRun(protocol, budget, seed, videos, options.Views, result, steps);
    }
}
