using System.Net;
using VideoSsl.Cloud.Batch;
using VideoSsl.Cloud.Tests.Fakes;
using static VideoSsl.Cloud.Tests.Fakes.FakeBatchHandler;

namespace VideoSsl.Cloud.Tests;

public sealed class BatchJobMonitorTests
{
    private const string ActiveJob = """{"id":"run-1","state":"active","poolInfo":{"poolId":"cpu"},"executionInfo":{"startTime":"2025-06-01T12:00:00Z","poolId":"cpu"}}""";

    private static FakeBatchHandler Polls(params string[] taskPages)
    {
        var poll = 0;
        return new FakeBatchHandler((request, _) =>
            request.Uri.AbsolutePath.EndsWith("/tasks", StringComparison.Ordinal)
                ? Json(HttpStatusCode.OK, taskPages[Math.Min(poll++, taskPages.Length - 1)])
                : Json(HttpStatusCode.OK, ActiveJob));
    }

    [Fact]
    public async Task Failed_task_is_surfaced_with_exit_code_and_failure_info()
    {
        var batch = new TestBatch(Polls("""
            {"value":[
              {"id":"synth","state":"completed","executionInfo":{"exitCode":0,"retryCount":0,"requeueCount":0,"result":"success"}},
              {"id":"ingest","state":"completed","executionInfo":{"exitCode":3,"retryCount":2,"requeueCount":0,"result":"failure",
                "failureInfo":{"category":"usererror","code":"FailureExitCode","message":"The task process exited with an unexpected exit code"}}},
              {"id":"pretrain","state":"active","dependsOn":{"taskIds":["ingest"]}}
            ]}
            """));

        var status = await new BatchJobMonitor(batch.Client).WaitAsync("run-1", TimeSpan.FromSeconds(30));

        Assert.Equal(BatchJobOutcome.Failed, status.Outcome);
        Assert.Equal("ingest", Assert.Single(status.FailedTasks).Id);
        var description = status.DescribeFailure();
        Assert.Contains("task ingest failed (exit code 3, retries 2)", description, StringComparison.Ordinal);
        Assert.Contains("FailureExitCode", description, StringComparison.Ordinal);
        var error = Assert.Throws<BatchJobFailedException>(() => status.ThrowIfFailed());
        Assert.Same(status, error.Status);
        Assert.Empty(batch.Time.Delays); // failure known on the first poll: no dependant will ever run
    }

    [Fact]
    public async Task Polling_waits_on_the_clock_until_every_task_succeeded()
    {
        var batch = new TestBatch(Polls(
            """{"value":[{"id":"a","state":"running"},{"id":"b","state":"active"}]}""",
            """{"value":[{"id":"a","state":"completed","executionInfo":{"exitCode":0,"result":"success"}},{"id":"b","state":"running"}]}""",
            """{"value":[{"id":"a","state":"completed","executionInfo":{"exitCode":0,"result":"success"}},{"id":"b","state":"completed","executionInfo":{"exitCode":0,"result":"success"}}]}"""));
        var seen = new List<BatchJobOutcome>();

        var status = await new BatchJobMonitor(batch.Client).WaitAsync("run-1", TimeSpan.FromSeconds(30), new SyncProgress(s => seen.Add(s.Outcome)));

        Assert.Equal(BatchJobOutcome.Succeeded, status.Outcome);
        Assert.Equal([TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30)], batch.Time.Delays);
        Assert.Equal([BatchJobOutcome.Running, BatchJobOutcome.Running, BatchJobOutcome.Succeeded], seen);
    }

    [Fact]
    public async Task Job_scheduling_error_is_a_failure()
    {
        var batch = new TestBatch(new FakeBatchHandler((request, _) => request.Uri.AbsolutePath.EndsWith("/tasks", StringComparison.Ordinal)
            ? Json(HttpStatusCode.OK, """{"value":[]}""")
            : Json(HttpStatusCode.OK, """{"id":"run-1","state":"active","executionInfo":{"startTime":"2025-06-01T12:00:00Z","schedulingError":{"category":"usererror","code":"PoolNotFound","message":"pool gpu does not exist"}}}""")));

        var status = await new BatchJobMonitor(batch.Client).GetStatusAsync("run-1");

        Assert.Equal(BatchJobOutcome.Failed, status.Outcome);
        Assert.Contains("PoolNotFound", status.DescribeFailure(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Job_terminated_with_work_left_is_a_failure()
    {
        var batch = new TestBatch(new FakeBatchHandler((request, _) => request.Uri.AbsolutePath.EndsWith("/tasks", StringComparison.Ordinal)
            ? Json(HttpStatusCode.OK, """{"value":[{"id":"a","state":"active"}]}""")
            : Json(HttpStatusCode.OK, """{"id":"run-1","state":"completed","executionInfo":{"startTime":"2025-06-01T12:00:00Z","terminateReason":"MaxWallClockTimeExpiry"}}""")));

        var status = await new BatchJobMonitor(batch.Client).GetStatusAsync("run-1");

        Assert.Equal(BatchJobOutcome.Failed, status.Outcome);
        Assert.Contains("MaxWallClockTimeExpiry", status.DescribeFailure(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Task_listing_follows_next_links()
    {
        var next = $"{TestBatch.Endpoint}/jobs/run-1/tasks?api-version=2025-06-01&$skiptoken=abc";
        var handler = new FakeBatchHandler((request, index) => index == 0
            ? Json(HttpStatusCode.OK, $$$"""{"value":[{"id":"a","state":"active"}],"odata.nextLink":"{{{next}}}"}""")
            : Json(HttpStatusCode.OK, """{"value":[{"id":"b","state":"active"}]}"""));
        var batch = new TestBatch(handler);

        var tasks = await batch.Client.ListTasksAsync("run-1");

        Assert.Equal(["a", "b"], tasks.Select(t => t.Id));
        Assert.StartsWith($"{TestBatch.Endpoint}/jobs/run-1/tasks?$select=", handler.Requests[0].Uri.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal(next, handler.Requests[1].Uri.OriginalString);
    }

    private sealed class SyncProgress(Action<BatchJobStatus> report) : IProgress<BatchJobStatus>
    {
        public void Report(BatchJobStatus value) => report(value);
    }
}
