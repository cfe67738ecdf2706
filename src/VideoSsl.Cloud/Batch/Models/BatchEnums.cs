using System.Text.Json.Serialization;

namespace VideoSsl.Cloud.Batch.Models;

/// <summary>What Batch does when every task of a job has completed (<c>onAllTasksComplete</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BatchAllTasksCompleteMode>))]
public enum BatchAllTasksCompleteMode
{
    [JsonStringEnumMemberName("noaction")] NoAction,
    [JsonStringEnumMemberName("terminatejob")] TerminateJob,
}

/// <summary>What Batch does when a task of a job fails (<c>onTaskFailure</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BatchTaskFailureMode>))]
public enum BatchTaskFailureMode
{
    [JsonStringEnumMemberName("noaction")] NoAction,
    [JsonStringEnumMemberName("performexitoptionsjobaction")] PerformExitOptionsJobAction,
}

/// <summary>When an output file is uploaded (<c>uploadOptions.uploadCondition</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OutputFileUploadCondition>))]
public enum OutputFileUploadCondition
{
    [JsonStringEnumMemberName("tasksuccess")] TaskSuccess,
    [JsonStringEnumMemberName("taskfailure")] TaskFailure,
    [JsonStringEnumMemberName("taskcompletion")] TaskCompletion,
}

/// <summary>State of a Batch job (<c>BatchJobState</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BatchJobState>))]
public enum BatchJobState
{
    [JsonStringEnumMemberName("active")] Active,
    [JsonStringEnumMemberName("disabling")] Disabling,
    [JsonStringEnumMemberName("disabled")] Disabled,
    [JsonStringEnumMemberName("enabling")] Enabling,
    [JsonStringEnumMemberName("terminating")] Terminating,
    [JsonStringEnumMemberName("completed")] Completed,
    [JsonStringEnumMemberName("deleting")] Deleting,
}

/// <summary>State of a Batch task (<c>BatchTaskState</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BatchTaskState>))]
public enum BatchTaskState
{
    [JsonStringEnumMemberName("active")] Active,
    [JsonStringEnumMemberName("preparing")] Preparing,
    [JsonStringEnumMemberName("running")] Running,
    [JsonStringEnumMemberName("completed")] Completed,
}

/// <summary>Outcome of a completed task's execution (<c>BatchTaskExecutionResult</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BatchTaskExecutionResult>))]
public enum BatchTaskExecutionResult
{
    [JsonStringEnumMemberName("success")] Success,
    [JsonStringEnumMemberName("failure")] Failure,
}

/// <summary>Per-task status in an add-task-collection response (<c>BatchTaskAddStatus</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BatchTaskAddStatus>))]
public enum BatchTaskAddStatus
{
    [JsonStringEnumMemberName("success")] Success,
    [JsonStringEnumMemberName("clienterror")] ClientError,
    [JsonStringEnumMemberName("servererror")] ServerError,
}

/// <summary>Whether a task or scheduling failure was the user's or the service's (<c>BatchErrorSourceCategory</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BatchErrorSourceCategory>))]
public enum BatchErrorSourceCategory
{
    [JsonStringEnumMemberName("usererror")] UserError,
    [JsonStringEnumMemberName("servererror")] ServerError,
}
