namespace VideoSsl.Pipelines.Batch;

/// <summary>The Azure Batch account a pipeline runs on, its pools, and the storage and identity its tasks use (settings section Batch).</summary>
/// <remarks>Each unset value comes from the azd output in the environment (<see cref="BatchTarget.Resolve"/>); nothing here is a secret.</remarks>
public sealed record BatchAccountOptions
{
    /// <summary>Batch account endpoint. Env: AZURE_BATCH_ACCOUNT_ENDPOINT (an azd output).</summary>
    public string? Endpoint { get; init; }

    /// <summary>CPU pool id (ingest, evaluate). Env: AZURE_BATCH_CPU_POOL_ID (an azd output).</summary>
    public string? CpuPool { get; init; }

    /// <summary>GPU pool id (pretrain). Env: AZURE_BATCH_GPU_POOL_ID (an azd output).</summary>
    public string? GpuPool { get; init; }

    /// <summary>Blob endpoint of the storage account. Env: AZURE_STORAGE_ACCOUNT_URL (an azd output).</summary>
    public string? StorageAccountUrl { get; init; }

    /// <summary>Client id of the pool's managed identity. Env: AZURE_MANAGED_IDENTITY_CLIENT_ID (an azd output).</summary>
    public string? IdentityClientId { get; init; }

    /// <summary>Resource id of the pool's managed identity. Env: AZURE_MANAGED_IDENTITY_RESOURCE_ID (an azd output).</summary>
    public string? IdentityResourceId { get; init; }

    /// <summary>The values given, by the environment variable each stands in for.</summary>
    public IReadOnlyDictionary<string, string?> ByVariable() => new Dictionary<string, string?>
    {
        [BatchTarget.BatchEndpointVariable] = Endpoint,
        [BatchTarget.CpuPoolVariable] = CpuPool,
        [BatchTarget.GpuPoolVariable] = GpuPool,
        [BatchTarget.StorageAccountVariable] = StorageAccountUrl,
        [BatchTarget.IdentityClientIdVariable] = IdentityClientId,
        [BatchTarget.IdentityResourceIdVariable] = IdentityResourceId,
    };
}
