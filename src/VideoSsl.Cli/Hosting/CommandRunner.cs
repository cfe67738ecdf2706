using System.CommandLine;
using VideoSsl.Cli.Output;

namespace VideoSsl.Cli.Hosting;

/// <summary>Runs a verb's body and turns expected failures into one clear line and an exit code, not a stack trace.</summary>
public static class CommandRunner
{
    /// <summary>Sets <paramref name="body"/> as the command's action with uniform error handling.</summary>
    public static void SetAction(Command command, Func<ParseResult, Settings, CancellationToken, Task<int>> body)
    {
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var settings = Settings.Load(parse);
                return await body(parse, settings, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                Terminal.Error("cancelled.");
                return ExitCodes.Cancelled;
            }
            catch (Exception e) when (e is UsageException or ArgumentException or InvalidOperationException or InvalidDataException
                or IOException or UnauthorizedAccessException or Azure.RequestFailedException or Azure.Identity.AuthenticationFailedException)
            {
                Terminal.Error(e.Message.ReplaceLineEndings(Environment.NewLine + "  "));
                if (Environment.GetEnvironmentVariable("VIDEOSSL_DEBUG") == "1")
                {
                    Console.Error.WriteLine(e);
                }
                return ExitCodes.Failed;
            }
        });
    }
}
