using VideoSsl.Cli;
using VideoSsl.Cli.Hosting;
using VideoSsl.Cloud.Batch;
using VideoSsl.Cloud.Tests.Fakes;

namespace VideoSsl.Cli.Tests;

/// <summary>Tests that run the program in this process (the console is captured), one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class InProcessCli
{
    public const string Name = "in-process cli";

    /// <summary>The variables a task on a Batch node has: what Batch sets, and what every job of the pipeline carries.</summary>
    public static Dictionary<string, string> NodeEnvironment(string jobId) => new()
    {
        ["AZ_BATCH_JOB_ID"] = jobId,
        ["AZ_BATCH_TASK_ID"] = "submit-tasks",
        ["AZ_BATCH_NODE_ID"] = "tvmps_0123",
        ["AZ_BATCH_NODE_SHARED_DIR"] = "/mnt/batch/tasks/shared",
        ["AZ_BATCH_TASK_WORKING_DIR"] = "/mnt/batch/tasks/workitems/nightly/job-3/submit-tasks/wd",
        ["AZURE_BATCH_ACCOUNT_ENDPOINT"] = TestBatch.Endpoint,
        ["AZURE_BATCH_CPU_POOL_ID"] = "cpu",
        ["AZURE_BATCH_GPU_POOL_ID"] = "gpu",
        ["AZURE_STORAGE_ACCOUNT_URL"] = "https://stacct.blob.core.windows.net/",
        ["AZURE_MANAGED_IDENTITY_CLIENT_ID"] = "11111111-2222-3333-4444-555555555555",
        ["AZURE_MANAGED_IDENTITY_RESOURCE_ID"] = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id",
        ["VIDEOSSL_MI_CLIENT_ID"] = "11111111-2222-3333-4444-555555555555",
    };

    /// <summary>Runs <c>videossl {args}</c> against <paramref name="batch"/> and <paramref name="environment"/>; returns exit code, stdout and stderr.</summary>
    public static async Task<(int Code, string Stdout, string Stderr)> RunAsync(IReadOnlyDictionary<string, string> environment, Func<Uri, string?, BatchClient> batch, params string[] args)
    {
        var services = new CliServices { Environment = name => environment.GetValueOrDefault(name), BatchClient = batch };
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var (oldOut, oldError) = (Console.Out, Console.Error);
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            var code = await CliApp.Build(services).Parse(args).InvokeAsync();
            return (code, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
    }

    /// <summary>A Batch client factory answering from <paramref name="handler"/>, with instant retries.</summary>
    public static Func<Uri, string?, BatchClient> Fake(FakeBatchHandler handler) =>
        (endpoint, _) => new BatchClient(new HttpClient(handler), new FakeTokenCredential(), new BatchClientOptions { Endpoint = endpoint, TimeProvider = new FakeTimeProvider(), MaxRetryAttempts = 2 });
}
