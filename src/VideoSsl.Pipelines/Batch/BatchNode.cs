namespace VideoSsl.Pipelines.Batch;

/// <summary>The environment variables Azure Batch sets for every task on a node, as far as the pipeline reads them.</summary>
public static class BatchNode
{
    /// <summary>The job the task runs in; for a job a schedule made, <c>{schedule}:job-{n}</c>.</summary>
    public const string JobIdVariable = "AZ_BATCH_JOB_ID";

    /// <summary>The task's working directory, on the node's temporary disk.</summary>
    public const string TaskWorkingDirectoryVariable = "AZ_BATCH_TASK_WORKING_DIR";

    /// <summary>The node's shared directory, where the start task unpacked the bundle.</summary>
    public const string SharedDirectoryVariable = "AZ_BATCH_NODE_SHARED_DIR";
}
