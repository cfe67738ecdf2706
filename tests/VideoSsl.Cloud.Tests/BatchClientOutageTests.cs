using System.Net;
using Azure.Core;
using Azure.Identity;
using VideoSsl.Cloud.Batch;
using VideoSsl.Cloud.Batch.Models;
using VideoSsl.Cloud.Batch.Plan;
using VideoSsl.Cloud.Tests.Fakes;
using static VideoSsl.Cloud.Tests.Fakes.FakeBatchHandler;

namespace VideoSsl.Cloud.Tests;

/// <summary>Timeouts, an unreachable service, a failed sign-in, pool reads, and adding tasks to a job a schedule made.</summary>
public sealed class BatchClientOutageTests
{
    private static BatchJobCreateContent Job() => new("run-1", new BatchPoolInfo("cpu"));

    [Fact]
    public async Task A_request_that_times_out_is_sent_again()
    {
        // HttpClient reports its own timeout as a TaskCanceledException, not an HttpRequestException.
        var service = new FakeBatchHandler((_, _) => Status(HttpStatusCode.Created));
        var hangOnce = new HangOnce(service);
        var client = new BatchClient(new HttpClient(hangOnce) { Timeout = TimeSpan.FromMilliseconds(200) }, new FakeTokenCredential(),
            new BatchClientOptions { Endpoint = new Uri(TestBatch.Endpoint), TimeProvider = new FakeTimeProvider() });

        Assert.Equal(BatchCreateOutcome.Created, await client.CreateJobAsync(Job()));
        Assert.Equal(2, hangOnce.Calls);
        Assert.Single(service.Requests);
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_retried()
    {
        using var cancel = new CancellationTokenSource();
        var batch = new TestBatch(new FakeBatchHandler((_, _) =>
        {
            cancel.Cancel();
            throw new TaskCanceledException();
        }));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => batch.Client.CreateJobAsync(Job(), cancel.Token));
        Assert.Single(batch.Handler.Requests);
    }

    [Fact]
    public async Task An_unreachable_service_after_the_retries_names_the_endpoint_the_operation_and_the_cause()
    {
        var batch = new TestBatch(new FakeBatchHandler((_, _) => throw new HttpRequestException("Connection refused (videossl.westeurope.batch.azure.com:443)")), maxRetryAttempts: 2);

        var e = await Assert.ThrowsAsync<BatchUnavailableException>(() => batch.Client.CreateJobAsync(Job()));

        Assert.Equal("Batch", e.Service);
        Assert.Equal(TestBatch.Endpoint, e.Endpoint);
        Assert.Equal("create job run-1", e.Operation);
        Assert.Equal("Connection refused (videossl.westeurope.batch.azure.com:443) (after 3 tries)", e.Cause);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public async Task A_failed_sign_in_names_the_credential_and_is_not_retried()
    {
        var handler = new FakeBatchHandler((_, _) => Status(HttpStatusCode.Created));
        var client = new BatchClient(new HttpClient(handler), new FailingCredential(), new BatchClientOptions { Endpoint = new Uri(TestBatch.Endpoint), TimeProvider = new FakeTimeProvider() });

        var e = await Assert.ThrowsAsync<BatchUnavailableException>(() => client.GetJobAsync("run-1"));

        Assert.Equal("identity", e.Service);
        Assert.Equal(nameof(FailingCredential), e.Endpoint);
        Assert.Contains("get job run-1", e.Operation, StringComparison.Ordinal);
        Assert.Equal("ManagedIdentityCredential authentication unavailable. No response from the instance metadata endpoint.", e.Cause);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Pool_reads_carry_resize_and_autoscale_errors()
    {
        var batch = new TestBatch(Sequence(() => Json(HttpStatusCode.OK, """
            {"id":"gpu","allocationState":"steady","vmSize":"standard_nc4as_t4_v3","currentDedicatedNodes":0,"targetDedicatedNodes":1,
             "resizeErrors":[{"code":"AccountVMSeriesCoreQuotaReached","message":"quota reached","values":[{"name":"Family","value":"standardNCASv3_T4Family"}]}],
             "autoScaleRun":{"timestamp":"2025-06-01T12:05:00Z","error":{"code":"AutoScalingFormulaEvaluationError","message":"bad formula"}}}
            """)));

        var pool = await batch.Client.GetPoolAsync("gpu");

        Assert.StartsWith($"{TestBatch.Endpoint}/pools/gpu?$select=", batch.Handler.Requests[0].Uri.OriginalString, StringComparison.Ordinal);
        Assert.Equal(["resize error AccountVMSeriesCoreQuotaReached: quota reached", "autoscale error AutoScalingFormulaEvaluationError: bad formula"], pool.DescribeErrors());
        Assert.Equal(0, pool.CurrentNodes);
    }

    [Fact]
    public async Task Tasks_for_a_job_a_schedule_made_are_only_added_never_a_job_created_or_changed()
    {
        var batch = new TestBatch(Sequence(() => Json(HttpStatusCode.OK, """{"value":[{"taskId":"ingest","status":"success"}]}""")));
        var plan = new BatchJobPlan("nightly:job-3", "cpu", "/subscriptions/s/id", [new BatchPlannedTask("ingest", "videossl ingest")]);

        var added = await new BatchPlanSubmitter(batch.Client).AddToRunningJobAsync(plan);

        Assert.Equal(["ingest"], added.Added);
        var request = Assert.Single(batch.Handler.Requests);
        Assert.Equal("POST /jobs/nightly%3Ajob-3/addtaskcollection", $"{request.Method} {request.Uri.AbsolutePath}");
        Assert.Throws<ArgumentException>(() => BatchPlanMapper.ToJobCreate(plan)); // such ids cannot be created by hand
    }

    /// <summary>Never answers the first request (the client's timeout ends it), passes the others on.</summary>
    private sealed class HangOnce(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private int _calls;

        public int Calls => _calls;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _calls) == 1)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class FailingCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new CredentialUnavailableException("ManagedIdentityCredential authentication unavailable. No response from the instance metadata endpoint.\nSee the troubleshooting guide.");

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
