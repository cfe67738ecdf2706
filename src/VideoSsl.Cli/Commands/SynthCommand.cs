using System.CommandLine;
using VideoSsl.Cli.Binding;
using VideoSsl.Cli.Hosting;
using VideoSsl.Cli.Output;
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

    /// <summary>Every <see cref="ActionsOptions"/> property is an option of <c>synth actions</c>.</summary>
    public static readonly OptionsBinding<ActionsOptions> Actions = new("Actions", o => o.Validate());

    /// <summary>Builds the verb and its two generators.</summary>
    public static Command Create()
    {
        var command = new Command("synth", "Write a reproducible synthetic video set as real H.264 MP4s. Reruns keep files already written.");
        var digits = CommandRunner.Verb("moving-digits", "Moving MNIST protocol: 64x64, two 28x28 digits bouncing, pixel-wise max, 20 frames.", MovingDigits,
            (options, parse, _, ct) => RunAsync(parse, progress => new MovingDigitsGenerator().WriteAsync(parse.GetValue(Output)!, options, progress, ct), ct));
        var actions = CommandRunner.Verb("actions", "Labeled motion actions (class folders + classInd.txt, trainlist01.txt, testlist01.txt); no single frame reveals the class.", Actions,
            (options, parse, _, ct) => RunAsync(parse, progress => new ActionsGenerator().WriteAsync(parse.GetValue(Output)!, options, progress, ct), ct));
        digits.Options.Add(Output);
        actions.Options.Add(Output);
        command.Subcommands.Add(digits);
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

    private sealed class Relay(IProgress<ProgressDisplay.Tick> bar) : IProgress<SynthProgress>
    {
        public void Report(SynthProgress value) => bar.Report(new(value.Completed, value.Total, $"{value.Skipped} kept"));
    }
}
