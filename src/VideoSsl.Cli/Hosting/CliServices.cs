using VideoSsl.Cloud.Batch;
using VideoSsl.Storage;

namespace VideoSsl.Cli.Hosting;

/// <summary>What the program reaches outside itself for Azure Batch: environment variables and the Batch service. Tests replace both.</summary>
public sealed record CliServices
{
    // No timeout of its own beyond this: the Batch retry pipeline retries a request that timed out.
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(100) };

    /// <summary>The real environment and Batch service.</summary>
    public static CliServices Default { get; } = new();

    /// <summary>Reads an environment variable (on a node: AZ_BATCH_JOB_ID, AZURE_* from the job, ...).</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>A Batch client for an account endpoint, signed in as the managed identity with the given client id (null: DefaultAzureCredential).</summary>
    public Func<Uri, string?, BatchClient> BatchClient { get; init; } = (endpoint, clientId) =>
        new BatchClient(Http, BlobStoreFactory.Credential(clientId), new BatchClientOptions { Endpoint = endpoint });
}
