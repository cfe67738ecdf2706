using System.CommandLine;
using VideoSsl.Cli.Binding;
using VideoSsl.Cli.Output;
using VideoSsl.Cloud.Batch;
using VideoSsl.Cloud.Batch.Plan;

namespace VideoSsl.Cli.Hosting;

/// <summary>Runs a verb's body and turns expected failures into one clear line and an exit code, not a stack trace.</summary>
public static class CommandRunner
{
    /// <summary>The second line after a service failure when the verb says nothing more specific.</summary>
    public const string DefaultAdvice = "Nothing partial was kept; rerun the same command once the endpoint is reachable.";

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
    /// </param>
    public static void SetAction(Command command, Func<ParseResult, Settings, CancellationToken, Task<int>> body, Func<ParseResult, string>? afterOutage = null)
    {
        command.SetAction(async (parse, cancellationToken) =>
        {
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
                var advice = afterOutage?.Invoke(parse) ?? DefaultAdvice;
                Console.Error.WriteLine("  " + (ServiceFailure.IsIdentity(e) ? $"{ServiceFailure.IdentityAdvice} {advice}" : advice));
                Debug(e);
                return ExitCodes.Failed;
            }
            catch (Exception e) when (e is UsageException or ArgumentException or InvalidOperationException or InvalidDataException
                or IOException or UnauthorizedAccessException or Azure.RequestFailedException or BatchJobFailedException or BatchPlanSubmissionException)
            {
                Terminal.Error(e.Message.ReplaceLineEndings(Environment.NewLine + "  "));
                Debug(e);
                return ExitCodes.Failed;
            }
        });
    }

    private static void Debug(Exception e)
    {
        if (Environment.GetEnvironmentVariable("VIDEOSSL_DEBUG") == "1")
        {
            Console.Error.WriteLine(e);
        }
    }
}
