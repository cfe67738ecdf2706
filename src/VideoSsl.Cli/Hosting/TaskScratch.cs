namespace VideoSsl.Cli.Hosting;

/// <summary>
/// On an Azure Batch node, points temporary files (downloaded videos, mirrored labeled sets, ffmpeg's own) at the
/// task's working directory, on the node's large temporary disk, instead of /tmp on its small OS disk.
/// </summary>
public static class TaskScratch
{
    /// <summary>The variable Batch sets to the task's working directory.</summary>
    public const string WorkingDirectoryVariable = Pipelines.Batch.BatchNode.TaskWorkingDirectoryVariable;

    /// <summary>Sets TMPDIR (read by <see cref="Path.GetTempPath"/> and by child processes) to $AZ_BATCH_TASK_WORKING_DIR/tmp when in a Batch task; returns it, or null elsewhere.</summary>
    public static string? Apply()
    {
        if (Environment.GetEnvironmentVariable(WorkingDirectoryVariable) is not { Length: > 0 } workingDirectory)
        {
            return null;
        }

        var scratch = Path.Combine(workingDirectory, "tmp");
        Directory.CreateDirectory(scratch);
        Environment.SetEnvironmentVariable("TMPDIR", scratch);
        return scratch;
    }
}
