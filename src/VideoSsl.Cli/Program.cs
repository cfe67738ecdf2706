using System.CommandLine;
using VideoSsl.Cli;

// On Ctrl+C or SIGTERM the verb's token is cancelled; give it time to commit finished work before the process ends.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(60) };
return await CliApp.Build().Parse(args).InvokeAsync(invocation).ConfigureAwait(false);
