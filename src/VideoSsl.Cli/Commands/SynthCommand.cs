using System.CommandLine;
using VideoSsl.Cli.Binding;
using VideoSsl.Cli.Hosting;
using VideoSsl.Cli.Output;
using VideoSsl.Storage;
using VideoSsl.Synth;
using VideoSsl.Synth.Actions;
using VideoSsl.Synth.MovingDigits;

namespace VideoSsl.Cli.Commands;

/// <summary><c>videossl synth</c>: write reproducible synthetic videos (real H.264 MP4s) for demos and tests.</summary>
public static class SynthCommand
{
    /// <summary>The folder the videos are written to: a command argument, which a pipeline fills with the dataset's folder.</summary>
    internal static readonly Option<string> Output = new("--out", "-o") { Description = "Folder to write the videos to.", Required = true };
    /// <summary>Every <see cref="MovingDigitsOptions"/> property is an option of <c>synth moving-digits</c>.</summary>
    public static readonly OptionsBinding<MovingDigitsOptions> MovingDigits = new("MovingDigits", o => o.Validate());

    /// <summary>Every <see cref="MovingMnistTestOptions"/> property is an option of <c>synth moving-mnist</c>.</summary>
    public static readonly OptionsBinding<MovingMnistTestOptions> MovingMnistTest = new("MovingMnist", o => o.Validate());

    /// <summary>Every <see cref="ActionsOptions"/> property is an option of <c>synth actions</c>.</summary>
    public static readonly OptionsBinding<ActionsOptions> Actions = new("Actions", o => o.Validate());

    /// <summary>Builds the verb and its two generators.</summary>
    public static Command Create()
    {
        var command = new Command("synth", "Write a reproducible synthetic video set as real H.264 MP4s (moving-mnist: straight into the store). Reruns keep what is already written.");
        var digits = CommandRunner.Verb("moving-digits", "Moving MNIST protocol: 64x64, two 28x28 digits bouncing, pixel-wise max, 20 frames.", MovingDigits,
            (options, parse, _, ct) => RunAsync(parse, progress => new MovingDigitsGenerator().WriteAsync(parse.GetValue(Output)!, options, progress, ct), ct));
        var actions = CommandRunner.Verb("actions", "Labeled motion actions (class folders + classInd.txt, trainlist01.txt, testlist01.txt); no single frame reveals the class.", Actions,
            (options, parse, _, ct) => RunAsync(parse, progress => new ActionsGenerator().WriteAsync(parse.GetValue(Output)!, options, progress, ct), ct));
        var mnist = CommandRunner.Verb("moving-mnist", "The fixed Moving MNIST test set (OpenSTL protocol: 64x64 gray, two digits bouncing, 20 frames) drawn from the test digits "
            + "and written straight into the store as a dataset: no video files, no codec. A rerun with the same settings writes nothing.", MovingMnistTest, RunTestSetAsync,
            _ => "Kept: nothing (the dataset pointer is written last). Rerun the same command.");
        digits.Options.Add(Output);
        actions.Options.Add(Output);
        command.Subcommands.Add(digits);
        command.Subcommands.Add(mnist);
        command.Subcommands.Add(actions);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, Func<IProgress<SynthProgress>, Task<SynthSummary>> generate, CancellationToken cancellationToken)
    {
        var json = parse.GetValue(GlobalOptions.Json);
        var summary = await ProgressDisplay.RunAsync("synth", Terminal.Interactive(json), bar =>
            generate(new Relay(bar))).ConfigureAwait(false);
        if (json)
        {
            Console.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(new { summary.OutputDirectory, summary.Total, summary.Written, summary.Skipped, seconds = summary.Elapsed.TotalSeconds }));
        }
        else
        {
            Console.Out.WriteLine($"{summary.Written} videos written, {summary.Skipped} already there; {summary.Total} in {summary.OutputDirectory} ({summary.Elapsed.TotalSeconds:0.0} s).");
        }
        return cancellationToken.IsCancellationRequested ? ExitCodes.Cancelled : ExitCodes.Ok;
    }

    private static async Task<int> RunTestSetAsync(MovingMnistTestOptions options, ParseResult parse, Settings settings, CancellationToken cancellationToken)
    {
        var json = parse.GetValue(GlobalOptions.Json);
        var store = BlobStoreFactory.Create(GlobalOptions.StoreOptions(settings));
        var summary = await ProgressDisplay.RunAsync("synth", Terminal.Interactive(json), bar =>
            MovingMnistTestSet.WriteAsync(store, options, new Relay(bar), cancellationToken)).ConfigureAwait(false);
        if (json)
        {
            Console.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(new { summary.Dataset, summary.Version, summary.Sequences, summary.Shards, summary.Written, summary.Digits, seconds = summary.Elapsed.TotalSeconds }));
        }
        else
        {
            Console.Out.WriteLine(summary.Written
                ? $"{summary.Sequences} sequences written to dataset {summary.Dataset} (version {summary.Version}, {summary.Shards} shards) in {store.Description}; digits: {summary.Digits} ({summary.Elapsed.TotalSeconds:0.0} s)."
                : $"Dataset {summary.Dataset} (version {summary.Version}) already holds these {summary.Sequences} sequences; nothing written.");
        }
        return ExitCodes.Ok;
    }

    private sealed class Relay(IProgress<ProgressDisplay.Tick> bar) : IProgress<SynthProgress>
    {
        public void Report(SynthProgress value) => bar.Report(new(value.Completed, value.Total, $"{value.Skipped} kept"));
    }
}
