using System.CommandLine;
using VideoSsl.Cli.Hosting;
using VideoSsl.Cli.Output;
using VideoSsl.Synth;
using VideoSsl.Synth.Actions;
using VideoSsl.Synth.MovingDigits;

namespace VideoSsl.Cli.Commands;

/// <summary><c>videossl synth</c>: write reproducible synthetic videos (real H.264 MP4s) for demos and tests.</summary>
public static class SynthCommand
{
    private static readonly Option<string> Output = new("--out", "-o") { Description = "Folder to write the videos to.", Required = true };
    private static readonly Option<int> Seed = new("--seed") { Description = "Seed; the same seed writes byte-identical files.", DefaultValueFactory = _ => 0 };
    private static readonly Option<int> Workers = new("--workers", "-w") { Description = "ffmpeg encoders run at once.", DefaultValueFactory = _ => Environment.ProcessorCount };
    private static readonly Option<int> Frames = new("--frames", "-t") { Description = "Frames per video.", DefaultValueFactory = _ => 20 };
    private static readonly Option<int> Count = new("--count", "-n") { Description = "Number of videos.", DefaultValueFactory = _ => 1000 };
    private static readonly Option<string?> Idx = new("--idx") { Description = "MNIST-format idx3-ubyte file (optionally .gz) to draw digits from; default: built-in procedural glyphs." };
    private static readonly Option<int> PerClass = new("--videos-per-class") { Description = "Videos per action class (train + test).", DefaultValueFactory = _ => 40 };
    private static readonly Option<double> TestFraction = new("--test-fraction") { Description = "Fraction of each class listed in testlist01.txt.", DefaultValueFactory = _ => 0.25 };

    /// <summary>Builds the verb and its two generators.</summary>
    public static Command Create()
    {
        var command = new Command("synth", "Write a reproducible synthetic video set as real H.264 MP4s. Reruns keep files already written.");
        var digits = new Command("moving-digits", "Moving MNIST protocol: 64x64, two 28x28 digits bouncing, pixel-wise max, 20 frames.");
        foreach (var option in new Option[] { Output, Count, Frames, Seed, Idx, Workers })
        {
            digits.Options.Add(option);
        }
        CommandRunner.SetAction(digits, (parse, settings, ct) => RunAsync(parse, progress =>
            new MovingDigitsGenerator().WriteAsync(parse.GetValue(Output)!, new MovingDigitsOptions
            {
                Count = parse.GetValue(Count),
                Frames = parse.GetValue(Frames),
                Seed = parse.GetValue(Seed),
                IdxPath = parse.GetValue(Idx),
                Workers = parse.GetValue(Workers),
            }, progress, ct), ct));
        var actions = new Command("actions", "Labeled motion actions (class folders + classInd.txt, trainlist01.txt, testlist01.txt); no single frame reveals the class.");
        foreach (var option in new Option[] { Output, PerClass, TestFraction, Frames, Seed, Workers })
        {
            actions.Options.Add(option);
        }
        CommandRunner.SetAction(actions, (parse, settings, ct) => RunAsync(parse, progress =>
            new ActionsGenerator().WriteAsync(parse.GetValue(Output)!, new ActionsOptions
            {
                VideosPerClass = parse.GetValue(PerClass),
                TestFraction = parse.GetValue(TestFraction),
                Frames = parse.GetValue(Frames),
                Seed = parse.GetValue(Seed),
                Workers = parse.GetValue(Workers),
            }, progress, ct), ct));
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
