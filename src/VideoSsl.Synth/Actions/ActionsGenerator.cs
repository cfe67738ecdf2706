using System.Globalization;
using System.Text;
using VideoSsl.Synth.Encoding;

namespace VideoSsl.Synth.Actions;

/// <summary>
/// Generates the labeled motion-actions set in the UCF101 layout: <c>&lt;class&gt;/&lt;class&gt;_NNNN.mp4</c> plus
/// <c>classInd.txt</c>, <c>trainlist01.txt</c> and <c>testlist01.txt</c>.
/// </summary>
public sealed class ActionsGenerator
{
    /// <summary>"index name" per line, 1-based, as UCF101's classInd.txt.</summary>
    public const string ClassIndexFile = "classInd.txt";

    /// <summary>"class/file.mp4 label" per line, as UCF101's trainlist01.txt.</summary>
    public const string TrainListFile = "trainlist01.txt";

    /// <summary>"class/file.mp4" per line, as UCF101's testlist01.txt.</summary>
    public const string TestListFile = "testlist01.txt";

    private readonly Mp4Writer _writer;

    /// <summary>Creates a generator that encodes with <paramref name="writer"/> (default: ffmpeg on PATH).</summary>
    public ActionsGenerator(Mp4Writer? writer = null) => _writer = writer ?? new Mp4Writer();

    /// <summary>
    /// Writes every class's videos and then the split files to <paramref name="outputDirectory"/>; videos already
    /// there are kept, so a rerun with the same options resumes an interrupted one.
    /// </summary>
    public async Task<SynthSummary> WriteAsync(
        string outputDirectory,
        ActionsOptions options,
        IProgress<SynthProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        SynthChecks.ThrowIfAny(options.Validate(), nameof(options));
        var jobs = ActionClasses.All
            .SelectMany(action => Enumerable.Range(0, options.VideosPerClass).Select(i =>
                new SynthJob(RelativePath(action, i, options), () => RenderClip(options, action, i).Video)))
            .ToArray();
        // Video (class, i) depends only on the seed, the class and i; the split files are rewritten on every run.
        var settings = $"{options with { VideosPerClass = 0, TestFraction = 0, Workers = 1 }} crf={_writer.Crf}";
        var summary = await SynthRunner.RunAsync(outputDirectory, settings, jobs, options.Workers, _writer, progress, cancellationToken);
        await WriteSplitsAsync(summary.OutputDirectory, options, cancellationToken);
        return summary;
    }

    /// <summary>Renders video <paramref name="index"/> (zero-based) of class <paramref name="action"/> in memory: what <see cref="WriteAsync"/> encodes for it.</summary>
    public static ActionClip RenderClip(ActionsOptions options, ActionClass action, int index)
    {
        ArgumentNullException.ThrowIfNull(options);
        SynthChecks.ThrowIfAny(options.Validate(), nameof(options));
        var rng = new Random(SeedMixer.Derive(options.Seed, 2, (int)action, index));
        return ActionScene.Render(options, action, rng);
    }

    /// <summary>The path of a video relative to the output folder, with '/' separators, e.g. "move_left/move_left_0001.mp4".</summary>
    public static string RelativePath(ActionClass action, int index, ActionsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var name = ActionClasses.NameOf(action);
        var digits = Math.Max(4, options.VideosPerClass.ToString(CultureInfo.InvariantCulture).Length);
        return $"{name}/{name}_{(index + 1).ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0')}.mp4";
    }

    /// <summary>Whether video <paramref name="index"/> of a class is in the test split: the last <see cref="ActionsOptions.TestVideosPerClass"/> are.</summary>
    public static bool IsTest(int index, ActionsOptions options) =>
        index >= options.VideosPerClass - options.TestVideosPerClass;

    private static async Task WriteSplitsAsync(string root, ActionsOptions options, CancellationToken cancellationToken)
    {
        StringBuilder classes = new(), train = new(), test = new();
        for (var label = 0; label < ActionClasses.All.Count; label++)
        {
            var action = ActionClasses.All[label];
            classes.Append(CultureInfo.InvariantCulture, $"{label + 1} {ActionClasses.NameOf(action)}\n");
            for (var i = 0; i < options.VideosPerClass; i++)
            {
                var path = RelativePath(action, i, options);
                if (IsTest(i, options))
                {
                    test.Append(CultureInfo.InvariantCulture, $"{path}\n");
                }
                else
                {
                    train.Append(CultureInfo.InvariantCulture, $"{path} {label + 1}\n");
                }
            }
        }

        await SynthRunner.WriteTextAtomicallyAsync(Path.Combine(root, ClassIndexFile), classes.ToString(), cancellationToken);
        await SynthRunner.WriteTextAtomicallyAsync(Path.Combine(root, TrainListFile), train.ToString(), cancellationToken);
        await SynthRunner.WriteTextAtomicallyAsync(Path.Combine(root, TestListFile), test.ToString(), cancellationToken);
    }
}
