using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using VideoSsl.Cloud.Batch;
using VideoSsl.Cloud.Batch.Models;
using VideoSsl.Cloud.Batch.Plan;
using VideoSsl.Pipelines.Spec;

namespace VideoSsl.Pipelines.Batch;

/// <summary>The requests a submit or schedule would send, as the JSON bodies of the Batch REST contract, without calling Azure.</summary>
public static class DryRunJson
{
    // Relaxed escaping keeps command lines readable (' < > + stay as they are); the output is printed, never embedded in HTML.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// <c>{"bundles": [...], "job": create-job body, "tasks": [add-task bodies], "launched": [{"stage", "job", "tasks"}]}</c>:
    /// the bundle each pool's start task installs, the CPU job, and the job each launcher task creates on its own pool
    /// when its inputs are ready.
    /// </summary>
    public static string ForSubmit(PipelineSpec spec, BatchTranslation translation, BatchTarget target)
    {
        var launched = new JsonArray();
        foreach (var task in translation.Tasks.Where(t => t.LaunchedJobId is not null))
        {
            var plan = BatchTranslator.PlanStageJob(spec, translation.Graph[task.StageId], target, task.LaunchedJobId!);
            launched.Add(new JsonObject
            {
                ["stage"] = task.StageId,
                ["createdBy"] = task.TaskId,
                ["job"] = Node(BatchPlanMapper.ToJobCreate(plan)),
                ["tasks"] = Node(BatchPlanMapper.ToTasks(plan)),
            });
        }

        var bundles = new JsonArray();
        foreach (var bundle in target.Bundles)
        {
            bundles.Add(new JsonObject
            {
                ["pool"] = bundle.PoolId,
                ["kind"] = bundle.Pool.ToString().ToLowerInvariant(),
                ["bundle"] = bundle.Url.AbsoluteUri,
                ["torchRuntime"] = bundle.TorchRuntime,
            });
        }

        var root = new JsonObject
        {
            ["bundles"] = bundles,
            ["job"] = Node(BatchPlanMapper.ToJobCreate(translation.Job)),
            ["tasks"] = Node(BatchPlanMapper.ToTasks(translation.Job)),
            ["launched"] = launched,
        };
        return root.ToJsonString(Indented);
    }

    /// <summary>The create-job-schedule body.</summary>
    public static string ForSchedule(BatchJobScheduleCreateContent schedule) => Node(schedule)!.ToJsonString(Indented);

    private static JsonNode? Node<T>(T value) => JsonSerializer.SerializeToNode(value, BatchJson.Options);
}
