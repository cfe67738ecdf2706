namespace VideoSsl.Cloud.Batch.Models;

// On the wire each value is its name in lower case (BatchJson.Options writes and reads them so), as the contract spells them.

/// <summary>What Batch does when every task of a job has completed (<c>onAllTasksComplete</c>).</summary>
public enum BatchAllTasksCompleteMode
{
    NoAction,
    TerminateJob,
}

/// <summary>What Batch does when a task of a job fails (<c>onTaskFailure</c>).</summary>
public enum BatchTaskFailureMode
{
    NoAction,
    PerformExitOptionsJobAction,
}

/// <summary>When an output file is uploaded (<c>uploadOptions.uploadCondition</c>).</summary>
public enum OutputFileUploadCondition
{
    TaskSuccess,
    TaskFailure,
    TaskCompletion,
}

/// <summary>State of a Batch job (<c>BatchJobState</c>).</summary>
public enum BatchJobState
{
    Active,
    Disabling,
    Disabled,
    Enabling,
    Terminating,
    Completed,
    Deleting,
}

/// <summary>State of a Batch task (<c>BatchTaskState</c>).</summary>
public enum BatchTaskState
{
    Active,
    Preparing,
    Running,
    Completed,
}

/// <summary>Outcome of a completed task's execution (<c>BatchTaskExecutionResult</c>).</summary>
public enum BatchTaskExecutionResult
{
    Success,
    Failure,
}

/// <summary>Per-task status in an add-task-collection response (<c>BatchTaskAddStatus</c>).</summary>
public enum BatchTaskAddStatus
{
    Success,
    ClientError,
    ServerError,
}

/// <summary>Whether a task or scheduling failure was the user's or the service's (<c>BatchErrorSourceCategory</c>).</summary>
public enum BatchErrorSourceCategory
{
    UserError,
    ServerError,
}
