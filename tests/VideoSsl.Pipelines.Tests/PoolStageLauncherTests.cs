using System.Net;
using System.Text.Json.Nodes;
using VideoSsl.Cloud.Batch;
using VideoSsl.Cloud.Tests.Fakes;
using VideoSsl.Pipelines.Batch;
using static VideoSsl.Cloud.Tests.Fakes.FakeBatchHandler;

namespace VideoSsl.Pipelines.Tests;

/// <summary>The GPU-stage launcher as it runs on a CPU node: it must not wait without bound while holding that node.</summary>
public sealed class PoolStageLauncherTests
{
    private const string StageJob = "cloudy-run1-pretrain";
    private readonly List<string> _log = [];

    private static string Pool(string errors = "", int nodes = 0) =>
        """{"id":"gpu-pool","vmSize":"standard_nc4as_t4_v3","allocationState":"steady","currentDedicatedNodes":""" + nodes
        + ""","targetDedicatedNodes":1,"enableAutoScale":true,"autoScaleRun":{"timestamp":"2030-01-01T00:00:00Z","results":"$TargetDedicatedNodes=1"}"""
        + errors + "}";

    private const string QuotaError =
        ""","resizeErrors":[{"code":"AccountVMSeriesCoreQuotaReached","message":"The specified account has reached VM series core quota for standardNCASv3_T4Family"}]""";

    /// <summary>A fake Batch service where the stage job exists, its one task never starts, and the pool answers <paramref name="pool"/>.</summary>
    private static FakeBatchHandler Service(string pool, string? parentJob = null) => new((request, _) =>
    {
        var path = request.Uri.AbsolutePath;
        return (request.Method.Method, path) switch
        {
            ("POST", "/jobs") => Status(HttpStatusCode.Created),
            ("POST", var p) when p.EndsWith("/addtaskcollection", StringComparison.Ordinal) => Json(HttpStatusCode.OK, """{"value":[{"taskId":"pretrain","status":"success"}]}"""),
            ("PATCH", _) => Status(HttpStatusCode.OK),
            ("POST", var p) when p.EndsWith("/terminate", StringComparison.Ordinal) => Status(HttpStatusCode.Accepted),
            ("GET", "/jobs/" + StageJob) => Json(HttpStatusCode.OK, "{\"id\":\"" + StageJob + "\",\"state\":\"active\",\"poolInfo\":{\"poolId\":\"gpu-pool\"}}"),
            ("GET", "/jobs/" + StageJob + "/tasks") => Json(HttpStatusCode.OK, """{"value":[{"id":"pretrain","state":"active"}]}"""),
            ("GET", "/pools/gpu-pool") => Json(HttpStatusCode.OK, pool),
            ("GET", _) when parentJob is not null => Json(HttpStatusCode.OK, parentJob),
            _ => throw new InvalidOperationException($"unexpected {request.Method} {request.Uri}"),
        };
    });

    private Task<int> LaunchAsync(TestBatch batch, string? parent = null) =>
        new PoolStageLauncher(batch.Client, _log.Add).RunAsync(Specs.Parse(Specs.Cloud), "pretrain", StageJob, Specs.Target, TimeSpan.FromMinutes(1), parent);

    [Fact]
    public async Task A_pool_without_quota_for_its_vm_size_fails_the_stage_at_once_and_terminates_its_job()
    {
        var batch = new TestBatch(Service(Pool(QuotaError)));

        Assert.Equal(1, await LaunchAsync(batch));

        var terminate = Assert.Single(batch.Handler.Requests, r => r.Uri.AbsolutePath == $"/jobs/{StageJob}/terminate");
        Assert.Contains("AccountVMSeriesCoreQuotaReached", terminate.Body, StringComparison.Ordinal);
        Assert.Contains(_log, l => l.Contains("pool gpu-pool has no quota", StringComparison.Ordinal));
        Assert.Empty(batch.Time.Delays); // it did not wait a single poll for a node that cannot come
    }

    [Fact]
    public async Task A_pool_that_gets_no_node_within_the_allocation_timeout_fails_the_stage()
    {
        var batch = new TestBatch(Service(Pool()));

        Assert.Equal(1, await LaunchAsync(batch));

        Assert.Single(batch.Handler.Requests, r => r.Uri.AbsolutePath == $"/jobs/{StageJob}/terminate");
        Assert.Equal(30, batch.Time.Delays.Count); // 30 polls of a minute: azure.allocationTimeout PT30M
        Assert.Contains(_log, l => l.Contains("got no node in 30 min", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_stage_job_may_not_outlive_the_job_of_its_launcher()
    {
        // The launcher's job started 23 h ago with a 24 h limit: its stage job gets the hour that is left.
        var batch = new TestBatch(Service(Pool(QuotaError), parentJob: """
            {"id":"cloudy-run1","state":"active","constraints":{"maxWallClockTime":"PT24H"},"executionInfo":{"startTime":"2025-06-01T13:00:00Z"}}
            """));
        batch.Time.Advance(TimeSpan.FromHours(24)); // now 2025-06-02T12:00Z

        await LaunchAsync(batch, parent: "cloudy-run1");

        var create = Assert.Single(batch.Handler.Requests, r => r.Method == HttpMethod.Post && r.Uri.AbsolutePath == "/jobs");
        Assert.Equal("PT1H", JsonNode.Parse(create.Body)!["constraints"]!["maxWallClockTime"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_submitted_stage_job_has_the_spec_wall_clock_limit_and_requires_cuda()
    {
        var batch = new TestBatch(Service(Pool(QuotaError)));

        await LaunchAsync(batch);

        var create = JsonNode.Parse(batch.Handler.Requests.First(r => r.Uri.AbsolutePath == "/jobs").Body)!;
        Assert.Equal("P1D", create["constraints"]!["maxWallClockTime"]!.GetValue<string>());
        var task = JsonNode.Parse(batch.Handler.Requests.First(r => r.Uri.AbsolutePath.EndsWith("/addtaskcollection", StringComparison.Ordinal)).Body)!["value"]![0]!;
        var argv = TaskCommandLine.ParseArgv(task["commandLine"]!.GetValue<string>());
        Assert.Equal(["pipeline", "run-stage", "--stage", "pretrain", "--device", "cuda"], argv.Take(6));
    }
}
