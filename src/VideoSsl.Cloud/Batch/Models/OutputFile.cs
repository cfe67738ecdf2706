namespace VideoSsl.Cloud.Batch.Models;

/// <summary>Files uploaded from the node to blob storage after a task runs (<c>OutputFile</c>).</summary>
public sealed record OutputFile(string FilePattern, OutputFileDestination Destination, OutputFileUploadConfig UploadOptions)
{
    /// <summary>Uploads files matching <paramref name="filePattern"/> under <paramref name="path"/> in a container, through the pool identity.</summary>
    public static OutputFile ToContainer(
        string filePattern,
        Uri containerUrl,
        string? path,
        string identityResourceId,
        OutputFileUploadCondition condition = OutputFileUploadCondition.TaskSuccess) =>
        new(
            filePattern,
            new OutputFileDestination(new OutputFileBlobContainerDestination(containerUrl) { Path = path, IdentityReference = new(identityResourceId) }),
            new OutputFileUploadConfig(condition));
}

/// <summary>Where output files go (<c>OutputFileDestination</c>).</summary>
public sealed record OutputFileDestination(OutputFileBlobContainerDestination Container);

/// <summary>A blob container destination for output files (<c>OutputFileBlobContainerDestination</c>).</summary>
public sealed record OutputFileBlobContainerDestination(Uri ContainerUrl)
{
    public string? Path { get; init; }

    public BatchNodeIdentityReference? IdentityReference { get; init; }
}

/// <summary>When output files are uploaded (<c>OutputFileUploadConfig</c>).</summary>
public sealed record OutputFileUploadConfig(OutputFileUploadCondition UploadCondition);
