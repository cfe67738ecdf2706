using System.CommandLine;
using System.Runtime.InteropServices;
using VideoSsl.Cli.Hosting;

namespace VideoSsl.Cli.Tests;

/// <summary>A libtorch failure that escapes a verb is one line: the verb, the native message's first line, what to rerun.</summary>
[Collection(InProcessCli.Name)]
public sealed class NativeFailureTests
{
    // What TorchSharp 0.107 throws when a Scalar was finalized during the native call (libtorch's c10::Error text).
    private const string ScalarRace = "Expected false to be true, but got false.  (Could this error message be improved?  If so, please report an enhancement request to PyTorch.)\n"
        + "Exception raised from toDouble at /pytorch/c10/core/Scalar.h:140 (most recent call first):\n"
        + "frame #0: c10::Error::Error(c10::SourceLocation, std::string) + 0x96 (0x7f3c in /libtorch/lib/libc10.so)\n"
        + "frame #1: THSTensor_div_scalar_ + 0x3c (0x7f3d in /runtimes/linux-x64/native/libLibTorchSharp.so)\n";

    private const string Expected = "libtorch failed: Expected false to be true, but got false (raised from toDouble at /pytorch/c10/core/Scalar.h:140).";

    // TorchSharp raises a libtorch error as ExternalException with libtorch's text (CheckForErrors); one raised inside
    // libtorch_cpu itself (a matmul of mismatched shapes) terminates the process on Debian 12 instead, so the test
    // raises the type and text TorchSharp does.
#pragma warning disable CA2201 // ExternalException is what TorchSharp throws; the test must throw the same
    private static ExternalException Native() => new(ScalarRace);
#pragma warning restore CA2201

    [Fact]
    public void The_native_message_is_its_first_line_and_where_it_was_raised() =>
        Assert.Equal("Expected false to be true, but got false (raised from toDouble at /pytorch/c10/core/Scalar.h:140)", CommandRunner.NativeSummary(ScalarRace));

    [Fact]
    public async Task A_native_error_is_one_line_naming_the_verb_the_message_and_what_to_rerun()
    {
        var root = Root("pretrain", _ => throw Native(), "Kept: the last checkpoint. Rerun the same command with --resume to continue from it.");

        var (code, stderr) = await InvokeAsync(root, "pretrain");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Equal($"error: pretrain: {Expected} Kept: the last checkpoint. Rerun the same command with --resume to continue from it.", Assert.Single(Lines(stderr)));
    }

    [Fact]
    public async Task With_videossl_debug_the_trace_follows_the_line()
    {
        var root = Root("evaluate", _ => throw Native(), "Rerun the same command.");
        Environment.SetEnvironmentVariable("VIDEOSSL_DEBUG", "1");
        try
        {
            var (code, stderr) = await InvokeAsync(root, "evaluate");

            Assert.Equal(ExitCodes.Failed, code);
            Assert.StartsWith($"error: evaluate: {Expected}", stderr, StringComparison.Ordinal);
            Assert.Contains("frame #", stderr, StringComparison.Ordinal);
            Assert.Contains("   at ", stderr, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("VIDEOSSL_DEBUG", null);
        }
    }

    [Fact]
    public async Task A_verb_run_as_a_pipeline_stage_says_to_rerun_the_pipeline()
    {
        var stage = Root("pretrain", _ => throw Native(), "Rerun the same command with --resume to continue from it.");
        var pipeline = Root("pipeline", async ct => await stage.Parse("pretrain").InvokeAsync(null, ct), "Rerun `videossl pipeline run demo.yaml`: finished stages are skipped.");

        var (code, stderr) = await InvokeAsync(pipeline, "pipeline");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Equal($"error: pretrain: {Expected} Rerun `videossl pipeline run demo.yaml`: finished stages are skipped.", Assert.Single(Lines(stderr)));
    }

    [Theory]
    [InlineData("pretrain --dataset d --run r", "pretrain: ", "Rerun the same command with --resume to continue from it.")]
    [InlineData("evaluate --run r", "evaluate: ", "Rerun the same command.")]
    [InlineData("predict --run r", "predict: ", "Rerun the same command.")]
    [InlineData("pipeline run pipelines/demo.yaml", "pipeline run: ", "Rerun `videossl pipeline run pipelines/demo.yaml`: finished stages are skipped")]
    [InlineData("bench pretrain-input --dataset d", "bench pretrain-input: ", "Rerun the same command.")]
    public void Every_torch_verb_says_what_to_rerun(string args, string verb, string rerun)
    {
        var line = CommandRunner.FailureLine(CliApp.Build().Parse(args), Native());

        Assert.StartsWith(verb + Expected, line, StringComparison.Ordinal);
        Assert.Contains(rerun, line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line);
    }

    [Fact]
    public async Task An_unexpected_exception_is_one_line_too()
    {
        var root = Root("predict", _ => throw new InvalidCastException("Unable to cast object of type 'A' to type 'B'."), null);

        var (code, stderr) = await InvokeAsync(root, "predict");

        Assert.Equal(ExitCodes.Failed, code);
        Assert.Equal("error: predict: unexpected InvalidCastException: Unable to cast object of type 'A' to type 'B'. "
            + "(a bug; VIDEOSSL_DEBUG=1 prints where it happened). Rerun the same command.", Assert.Single(Lines(stderr)));
    }

    private static RootCommand Root(string verb, Func<CancellationToken, Task<int>> body, string? advice)
    {
        var root = new RootCommand();
        var command = new Command(verb);
        CommandRunner.SetAction(command, (_, _, ct) => body(ct), advice is null ? null : _ => advice);
        root.Subcommands.Add(command);
        return root;
    }

    private static async Task<(int Code, string Stderr)> InvokeAsync(RootCommand root, params string[] args)
    {
        var stderr = new StringWriter();
        var old = Console.Error;
        Console.SetError(stderr);
        try
        {
            return (await root.Parse(args).InvokeAsync(), stderr.ToString());
        }
        finally
        {
            Console.SetError(old);
        }
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
