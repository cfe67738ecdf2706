using System.Text.Json;
using VideoSsl.Cloud.Batch;
using VideoSsl.Cloud.Batch.Models;

namespace VideoSsl.Cloud.Tests;

public sealed class EnumWireTests
{
    // Every enum value of the Batch models as the contract (BatchService.json, 2025-06-01) spells it.
    private static readonly Dictionary<Enum, string> Wire = new()
    {
        [BatchAllTasksCompleteMode.NoAction] = "noaction",
        [BatchAllTasksCompleteMode.TerminateJob] = "terminatejob",
        [BatchTaskFailureMode.NoAction] = "noaction",
        [BatchTaskFailureMode.PerformExitOptionsJobAction] = "performexitoptionsjobaction",
        [OutputFileUploadCondition.TaskSuccess] = "tasksuccess",
        [OutputFileUploadCondition.TaskFailure] = "taskfailure",
        [OutputFileUploadCondition.TaskCompletion] = "taskcompletion",
        [BatchJobState.Active] = "active",
        [BatchJobState.Disabling] = "disabling",
        [BatchJobState.Disabled] = "disabled",
        [BatchJobState.Enabling] = "enabling",
        [BatchJobState.Terminating] = "terminating",
        [BatchJobState.Completed] = "completed",
        [BatchJobState.Deleting] = "deleting",
        [BatchTaskState.Active] = "active",
        [BatchTaskState.Preparing] = "preparing",
        [BatchTaskState.Running] = "running",
        [BatchTaskState.Completed] = "completed",
        [BatchTaskExecutionResult.Success] = "success",
        [BatchTaskExecutionResult.Failure] = "failure",
        [BatchTaskAddStatus.Success] = "success",
        [BatchTaskAddStatus.ClientError] = "clienterror",
        [BatchTaskAddStatus.ServerError] = "servererror",
        [BatchErrorSourceCategory.UserError] = "usererror",
        [BatchErrorSourceCategory.ServerError] = "servererror",
    };

    [Fact]
    public void Every_enum_value_of_the_models_is_written_and_read_as_the_contract_spells_it()
    {
        var values = typeof(BatchJob).Assembly.GetTypes()
            .Where(t => t.IsEnum && t.Namespace == typeof(BatchJob).Namespace)
            .SelectMany(t => Enum.GetValues(t).Cast<Enum>())
            .ToList();

        Assert.Equal(Wire.Count, values.Count); // a new enum or value needs its contract spelling here
        foreach (var value in values)
        {
            var json = JsonSerializer.Serialize(value, value.GetType(), BatchJson.Options);
            Assert.Equal($"\"{Wire[value]}\"", json);
            Assert.Equal(value, JsonSerializer.Deserialize(json, value.GetType(), BatchJson.Options));
        }
    }
}
