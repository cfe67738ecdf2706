using System.Net;
using System.Text.Json.Nodes;
using VideoSsl.Cloud.Batch;
using VideoSsl.Cloud.Batch.Models;
using VideoSsl.Cloud.Batch.Plan;
using VideoSsl.Cloud.Tests.Contract;
using VideoSsl.Cloud.Tests.Fakes;
using static VideoSsl.Cloud.Tests.Fakes.FakeBatchHandler;

namespace VideoSsl.Cloud.Tests;

public sealed class BatchPlanTests
{
    private const string Identity = "/subscriptions/s/resourceGroups/rg-dev/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-videossl";
    private static readonly Uri Raw = new("https://stabc.blob.core.windows.net/raw");
    private static readonly Uri Clips = new("https://stabc.blob.core.windows.net/clips");

    private static BatchJobPlan Plan() => new("nightly-20250601", "cpu", Identity,
    [
        new BatchPlannedTask("synth", "videossl synth --out out")
        {
            Outputs = [new BlobOutput("out/**/*", Raw, "synth")],
        },
        new BatchPlannedTask("ingest", "videossl ingest --in in --out out")
        {
            DependsOn = ["synth"],
            Inputs = [BlobInput.Container(Raw, "synth/", "in")],
            Outputs = [new BlobOutput("out/**/*", Clips, "nightly-20250601")],
            Environment = new Dictionary<string, string> { ["VIDEOSSL_STAGE"] = "ingest" },
            MaxWallClockTime = TimeSpan.FromHours(2),
        },
    ])
    { MaxTaskRetryCount = 1, Metadata = new Dictionary<string, string> { ["pipeline"] = "nightly" } };

    [Fact]
    public void Plan_maps_to_contract_requests_with_dependencies_and_pool_identity()
    {
        var job = BatchPlanMapper.ToJobCreate(Plan());
        var tasks = BatchPlanMapper.ToTasks(Plan());

        Assert.True(job.UsesTaskDependencies);
        Assert.Equal("cpu", job.PoolInfo.PoolId);
        Assert.Equal(BatchAllTasksCompleteMode.NoAction, job.OnAllTasksComplete);
        Assert.Equal(["synth", "ingest"], tasks.Select(t => t.Id));
        Assert.Equal(["synth"], tasks[1].DependsOn!.TaskIds);
        Assert.Equal(Identity, tasks[1].ResourceFiles![0].IdentityReference!.ResourceId);
        Assert.Equal("synth/", tasks[1].ResourceFiles![0].BlobPrefix);
        Assert.Equal(Identity, tasks[1].OutputFiles![0].Destination.Container.IdentityReference!.ResourceId);
        Assert.Empty(ContractSchema.Check(System.Text.Json.JsonSerializer.SerializeToNode(job, BatchJson.Options), "BatchJobCreateOptions"));
        Assert.Empty(ContractSchema.Check(System.Text.Json.JsonSerializer.SerializeToNode(new BatchTaskGroup(tasks), BatchJson.Options), "BatchTaskGroup"));
    }

    [Theory]
    [InlineData("later", "not an earlier task")]
    [InlineData("b", "depends on itself")]
    public void Dependencies_must_point_to_earlier_tasks(string dependency, string message)
    {
        var plan = new BatchJobPlan("run", "cpu", Identity,
            [new BatchPlannedTask("a", "x"), new BatchPlannedTask("b", "y") { DependsOn = [dependency] }, new BatchPlannedTask("later", "z")]);

        var error = Assert.Throws<ArgumentException>(() => BatchPlanMapper.Validate(plan));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("")]
    [InlineData("a-very-long-id-that-goes-on-and-on-past-the-sixty-four-character-limit-of-batch")]
    public void Invalid_ids_are_rejected(string id)
    {
        Assert.Throws<ArgumentException>(() => BatchPlanMapper.Validate(new BatchJobPlan(id, "cpu", Identity, [new BatchPlannedTask("a", "x")])));
    }

    [Fact]
    public async Task Submit_creates_the_job_adds_tasks_then_engages_terminate_on_completion()
    {
        var handler = new FakeBatchHandler((request, index) => index switch
        {
            0 => Status(HttpStatusCode.Created),
            1 => Json(HttpStatusCode.OK, """{"value":[{"taskId":"synth","status":"success"},{"taskId":"ingest","status":"success"}]}"""),
            _ => Status(HttpStatusCode.OK),
        });
        var batch = new TestBatch(handler);

        var submission = await new BatchPlanSubmitter(batch.Client).SubmitAsync(Plan());

        Assert.Equal(BatchCreateOutcome.Created, submission.Job);
        Assert.Equal(["POST /jobs", "POST /jobs/nightly-20250601/addtaskcollection", "PATCH /jobs/nightly-20250601"],
            handler.Requests.Select(r => $"{r.Method} {r.Uri.AbsolutePath}"));
        Assert.Equal("terminatejob", JsonNode.Parse(handler.Requests[2].Body)!["onAllTasksComplete"]!.GetValue<string>());
    }

    [Fact]
    public async Task Resubmitting_a_finished_job_changes_nothing()
    {
        var handler = new FakeBatchHandler((request, index) => index == 0
            ? Error(HttpStatusCode.Conflict, "JobExists")
            : Json(HttpStatusCode.OK, """{"id":"nightly-20250601","state":"completed"}"""));
        var batch = new TestBatch(handler);

        var submission = await new BatchPlanSubmitter(batch.Client).SubmitAsync(Plan());

        Assert.True(submission.JobAlreadyFinished);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task Rejected_tasks_fail_the_submission_and_leave_completion_off()
    {
        var handler = new FakeBatchHandler((request, index) => index == 0
            ? Status(HttpStatusCode.Created)
            : Json(HttpStatusCode.OK, """{"value":[{"taskId":"synth","status":"success"},{"taskId":"ingest","status":"clienterror","error":{"code":"InvalidPropertyValue"}}]}"""));
        var batch = new TestBatch(handler);

        var error = await Assert.ThrowsAsync<BatchPlanSubmissionException>(() => new BatchPlanSubmitter(batch.Client).SubmitAsync(Plan()));

        Assert.Contains("ingest", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, handler.Requests.Count); // no PATCH: the job stays open for a fixed resubmission
    }
}
