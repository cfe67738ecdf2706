using System.Net;
using System.Text.Json;
using VideoSsl.Cloud.Tests.Fakes;
using VideoSsl.Pipelines.Spec;
using VideoSsl.Testing;
using static VideoSsl.Cloud.Tests.Fakes.FakeBatchHandler;

namespace VideoSsl.Cli.Tests;

/// <summary>The Batch paths of the program as a node and a user run them, against a fake Batch service.</summary>
[Collection(InProcessCli.Name)]
public sealed class BatchNodeTests
{
    private static readonly string Nightly = Path.Combine(RepoPaths.Root, "pipelines", "nightly.yaml");

    [Fact]
    public async Task The_job_manager_of_a_scheduled_run_adds_its_tasks_to_the_job_it_runs_in_and_does_nothing_else()
    {
        var handler = new FakeBatchHandler((request, _) => Json(HttpStatusCode.OK,
            JsonSerializer.Serialize(new { value = JsonDocument.Parse(request.Body).RootElement.GetProperty("value").EnumerateArray().Select(t => new { taskId = t.GetProperty("id").GetString(), status = "success" }) })));
        var spec = SpecLoader.ToBase64(SpecLoader.LoadFile(Nightly, Stages.StageVerbs.All));

        var (code, stdout, stderr) = await InProcessCli.RunAsync(InProcessCli.NodeEnvironment("nightly:job-3"), InProcessCli.Fake(handler),
            "pipeline", "submit-tasks", "--spec-base64", spec, "--store", "https://stacct.blob.core.windows.net/clips", "--managed-identity-client-id", "11111111-2222-3333-4444-555555555555");

        Assert.True(code == 0, stderr);
        Assert.All(handler.Requests, r => Assert.Equal("POST /jobs/nightly%3Ajob-3/addtaskcollection", $"{r.Method} {r.Uri.AbsolutePath}"));
        Assert.Contains("18 tasks added to job nightly:job-3", stdout, StringComparison.Ordinal); // 2 datasets x 8 partitions, pretrain, evaluate
        var ids = handler.Requests.SelectMany(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("value").EnumerateArray().Select(t => t.GetProperty("id").GetString())).ToList();
        Assert.Contains("pretrain", ids);
        Assert.Contains("evaluate", ids);
    }

    [Fact]
    public async Task Status_names_the_pool_that_cannot_start_the_tasks_and_the_logs_in_the_jobs_container()
    {
        var handler = new FakeBatchHandler((request, _) => request.Uri.AbsolutePath switch
        {
            "/jobs/nightly-1" => Json(HttpStatusCode.OK, """
                {"id":"nightly-1","state":"active","poolInfo":{"poolId":"gpu"},"metadata":[{"name":"videossl-logs","value":"https://stacct.blob.core.windows.net/task-logs"}]}
                """),
            "/jobs/nightly-1/tasks" => Json(HttpStatusCode.OK, """
                {"value":[{"id":"ingest-raw-0","state":"completed","executionInfo":{"exitCode":1,"retryCount":2,"requeueCount":0,"result":"failure"}},
                          {"id":"pretrain","state":"active"}]}
                """),
            "/pools/gpu" => Json(HttpStatusCode.OK, """
                {"id":"gpu","vmSize":"standard_nc4as_t4_v3","allocationState":"steady","currentDedicatedNodes":0,"targetDedicatedNodes":1,
                 "resizeErrors":[{"code":"AccountVMSeriesCoreQuotaReached","message":"quota reached"}]}
                """),
            _ => throw new InvalidOperationException(request.Uri.ToString()),
        });

        var (code, stdout, _) = await InProcessCli.RunAsync(InProcessCli.NodeEnvironment("x"), InProcessCli.Fake(handler), "pipeline", "status", "--job", "nightly-1", "--once");

        Assert.Equal(1, code);
        Assert.Contains("stderr: https://stacct.blob.core.windows.net/task-logs/nightly-1/ingest-raw-0/stderr.txt", stdout, StringComparison.Ordinal);
        Assert.Contains("pool gpu (standard_nc4as_t4_v3): 0 nodes, target 1, steady", stdout, StringComparison.Ordinal);
        Assert.Contains("resize error AccountVMSeriesCoreQuotaReached: quota reached", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_batch_service_ends_with_two_lines_naming_endpoint_operation_and_cause()
    {
        var handler = new FakeBatchHandler((_, _) => throw new HttpRequestException("Connection refused (videossl.westeurope.batch.azure.com:443)"));

        var (code, stdout, stderr) = await InProcessCli.RunAsync(InProcessCli.NodeEnvironment("x"), InProcessCli.Fake(handler), "pipeline", "status", "--job", "nightly-1");

        Assert.Equal(1, code);
        Assert.Empty(stdout);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal($"error: Batch {TestBatch.Endpoint}: get job nightly-1 failed: Connection refused (videossl.westeurope.batch.azure.com:443) (after 3 tries)", lines[0]);
        Assert.Contains("status changes nothing", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_submission_says_how_to_resubmit_without_duplicates()
    {
        var handler = new FakeBatchHandler((request, _) => request.Uri.AbsolutePath == "/jobs"
            ? Status(HttpStatusCode.Created)
            : throw new HttpRequestException("Connection reset by peer"));
        var environment = InProcessCli.NodeEnvironment("x");
        var spec = Path.Combine(RepoPaths.Root, "pipelines", "nightly.yaml");

        var (code, _, stderr) = await InProcessCli.RunAsync(environment, InProcessCli.Fake(handler), "pipeline", "submit", spec, "--run", "nightly-7");

        Assert.Equal(1, code);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.Contains(" pool ", StringComparison.Ordinal) && !l.Contains("submitting", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, lines.Count);
        Assert.StartsWith($"error: Batch {TestBatch.Endpoint}: add ", lines[0], StringComparison.Ordinal);
        Assert.Contains("tasks to job nightly-7 failed: Connection reset by peer", lines[0], StringComparison.Ordinal);
        Assert.Contains("--run nightly-7", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dry_run_lists_the_cpu_and_gpu_bundles()
    {
        var (code, stdout, stderr) = await InProcessCli.RunAsync(InProcessCli.NodeEnvironment("x"), InProcessCli.Fake(Sequence()), "pipeline", "submit", Nightly, "--dry-run", "--run", "nightly-1");

        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var bundles = json.RootElement.GetProperty("bundles").EnumerateArray().Select(b => $"{b.GetProperty("pool").GetString()} {b.GetProperty("torchRuntime").GetString()} {b.GetProperty("bundle").GetString()}");
        Assert.Equal(["cpu cpu https://stacct.blob.core.windows.net/apps/videossl-linux-x64.zip", "gpu cuda https://stacct.blob.core.windows.net/apps/videossl-linux-x64-cuda.zip"], bundles);
        Assert.Contains("gpu pool gpu: bundle https://stacct.blob.core.windows.net/apps/videossl-linux-x64-cuda.zip (TorchRuntime=cuda)", stderr, StringComparison.Ordinal);
    }
}
