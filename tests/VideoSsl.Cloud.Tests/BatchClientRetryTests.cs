using System.Net;
using System.Net.Http.Headers;
using VideoSsl.Cloud.Batch;
using VideoSsl.Cloud.Batch.Models;
using VideoSsl.Cloud.Tests.Fakes;
using static VideoSsl.Cloud.Tests.Fakes.FakeBatchHandler;

namespace VideoSsl.Cloud.Tests;

public sealed class BatchClientRetryTests
{
    private static BatchJobCreateContent Job(string id = "run-1") =>
        new(id, new BatchPoolInfo("cpu")) { UsesTaskDependencies = true, OnAllTasksComplete = BatchAllTasksCompleteMode.NoAction };

    [Fact]
    public async Task Create_job_posts_to_jobs_with_api_version_bearer_token_and_odata_json()
    {
        var batch = new TestBatch(Sequence(() => Status(HttpStatusCode.Created)));

        var outcome = await batch.Client.CreateJobAsync(Job());

        Assert.Equal(BatchCreateOutcome.Created, outcome);
        var request = Assert.Single(batch.Handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal($"{TestBatch.Endpoint}/jobs?api-version=2025-06-01", request.Uri.AbsoluteUri);
        Assert.Equal("Bearer test-token", request.Authorization);
        Assert.Equal("application/json; odata=minimalmetadata", request.ContentType);
        Assert.NotNull(request.ClientRequestId);
        Assert.Contains("\"usesTaskDependencies\":true", request.Body, StringComparison.Ordinal);
        Assert.Equal(["https://batch.core.windows.net//.default"], batch.Credential.Scopes.Distinct());
    }

    [Fact]
    public async Task Throttled_request_waits_for_retry_after_seconds_then_succeeds()
    {
        var batch = new TestBatch(Sequence(
            () =>
            {
                var throttled = Error(HttpStatusCode.TooManyRequests, "TooManyRequests");
                throttled.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(7));
                return throttled;
            },
            () => Status(HttpStatusCode.Created)));

        Assert.Equal(BatchCreateOutcome.Created, await batch.Client.CreateJobAsync(Job()));

        Assert.Equal(2, batch.Handler.Requests.Count);
        Assert.Equal([TimeSpan.FromSeconds(7)], batch.Time.Delays);
        Assert.Equal(batch.Handler.Requests[0].Body, batch.Handler.Requests[1].Body);
        Assert.NotEqual(batch.Handler.Requests[0].ClientRequestId, batch.Handler.Requests[1].ClientRequestId);
    }

    [Fact]
    public async Task Throttled_request_honours_retry_after_as_an_http_date()
    {
        FakeTimeProvider? clock = null;
        var batch = new TestBatch(Sequence(
            () =>
            {
                var throttled = Error(HttpStatusCode.ServiceUnavailable, "ServerBusy");
                throttled.Headers.RetryAfter = new RetryConditionHeaderValue(clock!.GetUtcNow().AddSeconds(30));
                return throttled;
            },
            () => Status(HttpStatusCode.Created)));
        clock = batch.Time;

        await batch.Client.CreateJobAsync(Job());

        Assert.Equal([TimeSpan.FromSeconds(30)], batch.Time.Delays);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task Transient_server_errors_are_retried_with_backoff(HttpStatusCode status)
    {
        var batch = new TestBatch(Sequence(() => Status(status), () => Status(status), () => Status(HttpStatusCode.Created)));

        Assert.Equal(BatchCreateOutcome.Created, await batch.Client.CreateJobAsync(Job()));

        Assert.Equal(3, batch.Handler.Requests.Count);
        Assert.Equal(2, batch.Time.Delays.Count);
        Assert.All(batch.Time.Delays, d => Assert.True(d > TimeSpan.Zero && d <= TimeSpan.FromMinutes(2)));
    }

    [Fact]
    public async Task Retries_stop_after_the_budget_and_surface_the_last_error()
    {
        var batch = new TestBatch(new FakeBatchHandler((_, _) => Error(HttpStatusCode.ServiceUnavailable, "ServerBusy", "busy")), maxRetryAttempts: 3);

        var error = await Assert.ThrowsAsync<BatchRequestException>(() => batch.Client.CreateJobAsync(Job()));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.Status);
        Assert.Equal("ServerBusy", error.ErrorCode);
        Assert.Equal(4, batch.Handler.Requests.Count);
    }

    [Fact]
    public async Task Client_errors_are_not_retried()
    {
        var batch = new TestBatch(Sequence(() => Error(HttpStatusCode.BadRequest, "InvalidPropertyValue", "poolInfo is invalid")));

        var error = await Assert.ThrowsAsync<BatchRequestException>(() => batch.Client.CreateJobAsync(Job()));

        Assert.Equal("InvalidPropertyValue", error.ErrorCode);
        Assert.Contains("poolInfo is invalid", error.Message, StringComparison.Ordinal);
        Assert.Single(batch.Handler.Requests);
        Assert.Empty(batch.Time.Delays);
    }

    [Fact]
    public async Task Network_failures_are_retried()
    {
        var calls = 0;
        var batch = new TestBatch(new FakeBatchHandler((_, _) =>
            ++calls == 1 ? throw new HttpRequestException("connection reset") : Status(HttpStatusCode.Created)));

        Assert.Equal(BatchCreateOutcome.Created, await batch.Client.CreateJobAsync(Job()));
        Assert.Equal(2, batch.Handler.Requests.Count);
    }

    [Fact]
    public async Task Existing_job_counts_as_done()
    {
        var batch = new TestBatch(Sequence(() => Error(HttpStatusCode.Conflict, "JobExists")));

        Assert.Equal(BatchCreateOutcome.AlreadyExists, await batch.Client.CreateJobAsync(Job()));
        Assert.Single(batch.Handler.Requests);
    }

    [Fact]
    public async Task Other_conflicts_are_errors()
    {
        var batch = new TestBatch(Sequence(() => Error(HttpStatusCode.Conflict, "PoolBeingDeleted")));

        var error = await Assert.ThrowsAsync<BatchRequestException>(() => batch.Client.CreateJobAsync(Job()));
        Assert.Equal("PoolBeingDeleted", error.ErrorCode);
    }

    [Fact]
    public async Task Existing_job_schedule_is_replaced_with_put()
    {
        var batch = new TestBatch(Sequence(() => Error(HttpStatusCode.Conflict, "JobScheduleExists"), () => Status(HttpStatusCode.OK)));
        var schedule = new BatchJobScheduleCreateContent(
            "nightly",
            new BatchJobScheduleConfiguration { RecurrenceInterval = TimeSpan.FromDays(1) },
            new BatchJobSpecification(new BatchPoolInfo("cpu")));

        Assert.Equal(BatchCreateOutcome.Updated, await batch.Client.CreateOrUpdateJobScheduleAsync(schedule));

        Assert.Equal(HttpMethod.Post, batch.Handler.Requests[0].Method);
        Assert.Equal($"{TestBatch.Endpoint}/jobschedules?api-version=2025-06-01", batch.Handler.Requests[0].Uri.AbsoluteUri);
        Assert.Equal(HttpMethod.Put, batch.Handler.Requests[1].Method);
        Assert.Equal($"{TestBatch.Endpoint}/jobschedules/nightly?api-version=2025-06-01", batch.Handler.Requests[1].Uri.AbsoluteUri);
        Assert.Contains("\"recurrenceInterval\":\"P1D\"", batch.Handler.Requests[1].Body, StringComparison.Ordinal);
        Assert.DoesNotContain("\"id\"", batch.Handler.Requests[1].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Terminating_a_completed_job_counts_as_done()
    {
        var batch = new TestBatch(Sequence(() => Error(HttpStatusCode.Conflict, "JobCompleted")));

        await batch.Client.TerminateJobAsync("run-1", "cancelled");

        Assert.Equal($"{TestBatch.Endpoint}/jobs/run-1/terminate?api-version=2025-06-01", batch.Handler.Requests[0].Uri.AbsoluteUri);
        Assert.Contains("\"terminateReason\":\"cancelled\"", batch.Handler.Requests[0].Body, StringComparison.Ordinal);
    }
}
