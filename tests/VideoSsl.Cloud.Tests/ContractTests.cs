using System.Text.Json;
using System.Text.Json.Nodes;
using VideoSsl.Cloud.Batch;
using VideoSsl.Cloud.Batch.Models;
using VideoSsl.Cloud.Tests.Contract;

namespace VideoSsl.Cloud.Tests;

public sealed class ContractTests
{
    private const string Identity = "/subscriptions/s/resourceGroups/rg-dev/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-videossl";
    private static readonly Uri Clips = new("https://stabc.blob.core.windows.net/clips");

    private static JsonNode? Serialize<T>(T value) => JsonSerializer.SerializeToNode(value, BatchJson.Options);

    private static BatchTaskCreateContent FullTask(string id) =>
        new(id, "/bin/sh -c \"$AZ_BATCH_NODE_SHARED_DIR/videossl/videossl ingest\"")
        {
            DisplayName = "ingest shard",
            ResourceFiles =
            [
                ResourceFile.FromBlob(new Uri("https://stabc.blob.core.windows.net/raw/a.mp4"), "in/a.mp4", Identity),
                ResourceFile.FromContainer(new Uri("https://stabc.blob.core.windows.net/raw"), "shard-1/", "in", Identity),
            ],
            OutputFiles = [OutputFile.ToContainer("out/**/*.npz", Clips, "run-1/shard-1", Identity)],
            EnvironmentSettings = [new EnvironmentSetting("VIDEOSSL_STAGE", "ingest")],
            Constraints = new BatchTaskConstraints { MaxWallClockTime = TimeSpan.FromHours(2), RetentionTime = TimeSpan.FromDays(1), MaxTaskRetryCount = 2 },
            RequiredSlots = 1,
            DependsOn = new BatchTaskDependencies(["synth"]),
        };

    private static BatchJobSpecification FullSpecification() =>
        new(new BatchPoolInfo("cpu"))
        {
            DisplayName = "nightly",
            UsesTaskDependencies = true,
            Priority = 10,
            Constraints = new BatchJobConstraints { MaxWallClockTime = TimeSpan.FromHours(12), MaxTaskRetryCount = 1 },
            JobManagerTask = new BatchJobManagerTask("manager", "videossl pipeline run --on-batch")
            {
                KillJobOnCompletion = false,
                RunExclusive = false,
                AuthenticationTokenSettings = AuthenticationTokenSettings.Job,
                ResourceFiles = [ResourceFile.FromBlob(new Uri("https://stabc.blob.core.windows.net/apps/nightly.yaml"), "nightly.yaml", Identity)],
            },
            CommonEnvironmentSettings = [new EnvironmentSetting("A", "1")],
            OnAllTasksComplete = BatchAllTasksCompleteMode.TerminateJob,
            OnTaskFailure = BatchTaskFailureMode.PerformExitOptionsJobAction,
            Metadata = [new BatchMetadataItem("pipeline", "nightly")],
        };

    [Fact]
    public void Job_create_body_follows_BatchJobCreateOptions()
    {
        var job = new BatchJobCreateContent("run-1", new BatchPoolInfo("cpu"))
        {
            DisplayName = "run 1",
            UsesTaskDependencies = true,
            Priority = 0,
            Constraints = new BatchJobConstraints { MaxWallClockTime = TimeSpan.FromHours(6), MaxTaskRetryCount = 2 },
            CommonEnvironmentSettings = [new EnvironmentSetting("VIDEOSSL_RUN", "run-1")],
            OnAllTasksComplete = BatchAllTasksCompleteMode.NoAction,
            OnTaskFailure = BatchTaskFailureMode.NoAction,
            Metadata = [new BatchMetadataItem("pipeline", "nightly")],
        };

        var body = Serialize(job);

        Assert.Empty(ContractSchema.Check(body, "BatchJobCreateOptions"));
        Assert.Equal("PT6H", body!["constraints"]!["maxWallClockTime"]!.GetValue<string>());
        Assert.Equal("noaction", body["onAllTasksComplete"]!.GetValue<string>());
    }

    [Fact]
    public void Task_group_body_follows_BatchTaskGroup_with_identity_references()
    {
        var body = Serialize(new BatchTaskGroup([FullTask("a"), new BatchTaskCreateContent("b", "echo b")]));

        Assert.Empty(ContractSchema.Check(body, "BatchTaskGroup"));
        var task = body!["value"]![0]!;
        Assert.Equal(Identity, task["resourceFiles"]![0]!["identityReference"]!["resourceId"]!.GetValue<string>());
        Assert.Equal(Identity, task["outputFiles"]![0]!["destination"]!["container"]!["identityReference"]!["resourceId"]!.GetValue<string>());
        Assert.Equal("tasksuccess", task["outputFiles"]![0]!["uploadOptions"]!["uploadCondition"]!.GetValue<string>());
        Assert.Equal("synth", task["dependsOn"]!["taskIds"]![0]!.GetValue<string>());
        Assert.Null(body["value"]![1]!["resourceFiles"]); // nulls are omitted, not sent
    }

    [Fact]
    public void Job_schedule_bodies_follow_create_and_replace_definitions()
    {
        var schedule = new BatchJobScheduleCreateContent(
            "nightly",
            new BatchJobScheduleConfiguration
            {
                DoNotRunUntil = new DateTimeOffset(2025, 7, 1, 2, 0, 0, TimeSpan.Zero),
                RecurrenceInterval = BatchRecurrence.ParseInterval("P1D"),
                StartWindow = TimeSpan.FromHours(1),
            },
            FullSpecification())
        { DisplayName = "nightly", Metadata = [new BatchMetadataItem("owner", "videossl")] };

        var body = Serialize(schedule);

        Assert.Empty(ContractSchema.Check(body, "BatchJobScheduleCreateOptions"));
        Assert.Equal("P1D", body!["schedule"]!["recurrenceInterval"]!.GetValue<string>());
        Assert.Equal(["job"], body["jobSpecification"]!["jobManagerTask"]!["authenticationTokenSettings"]!["access"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Empty(ContractSchema.Check(Serialize(new BatchJobScheduleReplaceContent(schedule.Schedule, schedule.JobSpecification, null)), "BatchJobSchedule"));
    }

    [Fact]
    public void Update_and_terminate_bodies_follow_their_definitions()
    {
        Assert.Empty(ContractSchema.Check(Serialize(new BatchJobUpdateContent { OnAllTasksComplete = BatchAllTasksCompleteMode.TerminateJob }), "BatchJobUpdateOptions"));
        Assert.Empty(ContractSchema.Check(Serialize(new BatchJobTerminateContent("cancelled")), "BatchJobTerminateOptions"));
    }

    [Fact]
    public void Published_task_collection_example_round_trips_through_the_models()
    {
        var example = ContractSchema.Load("Tasks_CreateTaskCollection_Complex.trimmed.json");
        Assert.Empty(ContractSchema.Check(example["request"], "BatchTaskGroup")); // the checker agrees with the published example

        var group = example["request"].Deserialize<BatchTaskGroup>(BatchJson.Options)!;
        Assert.True(JsonNode.DeepEquals(example["request"], Serialize(group)), Serialize(group)!.ToJsonString());
        Assert.Equal(TimeSpan.FromDays(1), group.Value[0].Constraints!.MaxWallClockTime);

        var response = example["response"].Deserialize<BatchTaskAddCollectionResult>(BatchJson.Options)!;
        Assert.All(response.Value!, r => Assert.Equal(BatchTaskAddStatus.Success, r.Status));
        Assert.Equal("0x8D3D623CE295629", response.Value![0].ETag);
        Assert.Equal(["simple3", "complex1"], response.Value.Select(r => r.TaskId));
    }

    [Fact]
    public void Published_job_example_round_trips_through_the_models()
    {
        var example = ContractSchema.Load("Jobs_CreateJob_Complex.trimmed.json")["job"];
        Assert.Empty(ContractSchema.Check(example, "BatchJobCreateOptions"));

        var job = example.Deserialize<BatchJobCreateContent>(BatchJson.Options)!;

        Assert.True(JsonNode.DeepEquals(example, Serialize(job)), Serialize(job)!.ToJsonString());
    }

    [Fact]
    public void Checker_flags_wrong_names_types_and_missing_required_fields()
    {
        var bad = JsonNode.Parse("""{"value":[{"id":"a","command":"x","requiredSlots":"2"}]}""");

        var problems = ContractSchema.Check(bad, "BatchTaskGroup");

        Assert.Contains(problems, p => p.Contains("command: not in the contract", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("requiredSlots: expected integer", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("commandLine: required but missing", StringComparison.Ordinal));
    }
}
