using System.CommandLine;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using VideoSsl.Cli.Binding;
using VideoSsl.Cli.Output;
using VideoSsl.Cloud.Batch;
using VideoSsl.Cloud.Batch.Plan;

namespace VideoSsl.Cli.Hosting;

/// <summary>Runs a verb's body and turns every failure into one clear line (two for an outage) and an exit code, never a stack trace.</summary>
/// <remarks>VIDEOSSL_DEBUG=1 adds the exception with its trace after the line.</remarks>
public static class CommandRunner
{
    /// <summary>The second line after a service failure when the verb says nothing more specific.</summary>
    public const string DefaultAdvice = "Nothing partial was kept; rerun the same command once the endpoint is reachable.";

    /// <summary>What to do after a failure that is neither bad input nor an outage, when the verb says nothing more specific.</summary>
    public const string RerunAdvice = "Rerun the same command.";

    // What each command kept and how to continue (its afterOutage), for the line of a failure that is not an outage.
    private static readonly ConditionalWeakTable<Command, Func<ParseResult, string>> Advice = new();

    // The advice of the outermost command: a verb run as a pipeline's stage continues the way the pipeline does.
    private static readonly AsyncLocal<string?> Enclosing = new();

    /// <summary>A verb whose settings are one options record: the command takes the record's options, and <paramref name="body"/> runs with the record bound.</summary>
    public static Command Verb<T>(string name, string description, OptionsBinding<T> binding, Func<T, ParseResult, Settings, CancellationToken, Task<int>> body, Func<ParseResult, string>? afterOutage = null)
        where T : class, new()
    {
        var command = binding.AddTo(new Command(name, description + " " + binding.ConfigurationHelp));
        SetAction(command, (parse, settings, cancellationToken) => body(binding.Bind(settings), parse, settings, cancellationToken), afterOutage);
        return command;
    }

    /// <summary>Sets <paramref name="body"/> as the command's action with uniform error handling.</summary>
    /// <param name="afterOutage">
    /// What the verb kept and how to continue when a store, Batch or identity endpoint failed (one line), e.g.
    /// "Kept: the videos finished before the failure. Rerun the same command: finished videos are skipped."
    /// It also ends the line of a native (libtorch) failure or an unexpected error.
    /// </param>
    public static void SetAction(Command command, Func<ParseResult, Settings, CancellationToken, Task<int>> body, Func<ParseResult, string>? afterOutage = null)
    {
        if (afterOutage is not null)
        {
            Advice.AddOrUpdate(command, afterOutage);
        }
        command.SetAction(async (parse, cancellationToken) =>
        {
            Enclosing.Value ??= AdviceFor(parse);
            try
            {
                TaskScratch.Apply();
                var settings = Settings.Load(parse);
                return await body(parse, settings, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                Terminal.Error("cancelled.");
                return ExitCodes.Cancelled;
            }
            catch (Exception e) when (ServiceFailure.Describe(e) is { } line)
            {
                Terminal.Error(line);
                var kept = afterOutage?.Invoke(parse) ?? DefaultAdvice;
                Console.Error.WriteLine("  " + (ServiceFailure.IsIdentity(e) ? $"{ServiceFailure.IdentityAdvice} {kept}" : kept));
                Debug(e);
                return ExitCodes.Failed;
            }
            catch (Exception e) when (IsBadInput(e))
            {
                Terminal.Error(e.Message.ReplaceLineEndings(Environment.NewLine + "  "));
                Debug(e);
                return ExitCodes.Failed;
            }
            catch (Exception e)
            {
                Terminal.Error(FailureLine(parse, e));
                Debug(e);
                return ExitCodes.Failed;
            }
        });
    }

    /// <summary>
    /// True for what a verb raises on bad input or settings (a missing file, a malformed annotation, a corrupt shard or
    /// checkpoint, an invalid spec or option): its message names the input and the reason.
    /// </summary>
    public static bool IsBadInput(Exception e) =>
        e is UsageException or ArgumentException or InvalidOperationException or InvalidDataException or FormatException or JsonException
            or KeyNotFoundException or IOException or UnauthorizedAccessException or Azure.RequestFailedException or BatchJobFailedException
            or BatchPlanSubmissionException;

    /// <summary>
    /// The one line for a failure that is neither bad input nor an outage: the verb, what failed (for libtorch, the first
    /// line of its message and where it was raised, without the native trace), what was kept and what to rerun (the
    /// outermost command's advice: a pipeline's, for a verb run as its stage).
    /// </summary>
    public static string FailureLine(ParseResult parse, Exception e)
    {
        var what = e is ExternalException
            ? $"libtorch failed: {NativeSummary(e.Message)}"
            : $"unexpected {e.GetType().Name}: {Clip(FirstLine(e.Message))} (a bug; VIDEOSSL_DEBUG=1 prints where it happened)";
        return $"{VerbName(parse)}: {what}. {Enclosing.Value ?? AdviceFor(parse)}";
    }

    private static string AdviceFor(ParseResult parse) =>
        Advice.TryGetValue(parse.CommandResult.Command, out var advice) ? advice(parse) : RerunAdvice;

    /// <summary>The verb as typed, e.g. "pretrain" or "bench pretrain-input".</summary>
    public static string VerbName(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result.Parent is System.CommandLine.Parsing.CommandResult parent; result = parent)
        {
            names.Insert(0, result.Command.Name);
        }
        return names.Count == 0 ? parse.RootCommandResult.Command.Name : string.Join(' ', names);
    }

    /// <summary>A libtorch error message (c10::Error text with its native trace) as its first line and where it was raised.</summary>
    /// <example>
    /// "Expected false to be true, but got false.  (Could this error message be improved? ...)\nException raised from
    /// toDouble at /pytorch/c10/core/Scalar.h:140 (most recent call first):\nframe #0: ..." gives "Expected false to be
    /// true, but got false (raised from toDouble at /pytorch/c10/core/Scalar.h:140)".
    /// </example>
    public static string NativeSummary(string message)
    {
        var first = FirstLine(message);
        var improve = first.IndexOf("(Could this error message be improved?", StringComparison.Ordinal);
        first = (improve > 0 ? first[..improve] : first).Trim().TrimEnd('.');
        var raised = message.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("Exception raised from ", StringComparison.Ordinal));
        var where = raised?["Exception raised from ".Length..].Split(" (most recent call first)")[0];
        return Clip(first) + (where is null ? "" : $" (raised from {Clip(where)})");
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    private static string Clip(string text) => text.Length <= 300 ? text : text[..297] + "...";

    private static void Debug(Exception e)
    {
        if (Environment.GetEnvironmentVariable("VIDEOSSL_DEBUG") == "1")
        {
            Console.Error.WriteLine(e);
        }
    }
}
