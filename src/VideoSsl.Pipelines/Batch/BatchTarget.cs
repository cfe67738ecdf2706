using VideoSsl.Pipelines.Graph;
using VideoSsl.Pipelines.Spec;

namespace VideoSsl.Pipelines.Batch;

/// <summary>Where a pipeline runs on Azure: the Batch account, its pools, the pool identity and the storage account (from the azd outputs).</summary>
/// <remarks>Nothing here is a secret: nodes sign in with the pool's managed identity, named by its client id.</remarks>
public sealed record BatchTarget
{
    public const string BatchEndpointVariable = "AZURE_BATCH_ACCOUNT_ENDPOINT";
    public const string CpuPoolVariable = "AZURE_BATCH_CPU_POOL_ID";
    public const string GpuPoolVariable = "AZURE_BATCH_GPU_POOL_ID";
    public const string StorageAccountVariable = "AZURE_STORAGE_ACCOUNT_URL";
    public const string IdentityClientIdVariable = "AZURE_MANAGED_IDENTITY_CLIENT_ID";
    public const string IdentityResourceIdVariable = "AZURE_MANAGED_IDENTITY_RESOURCE_ID";

    public const string CpuBundleVariable = "AZURE_APP_BUNDLE_CPU_URL";
    public const string GpuBundleVariable = "AZURE_APP_BUNDLE_GPU_URL";

    /// <summary>Blob names of the two bundles in the apps container: CPU libtorch for the CPU pool, CUDA libtorch for the GPU pool.</summary>
    public const string CpuBundleBlob = "videossl-linux-x64.zip";
    public const string GpuBundleBlob = "videossl-linux-x64-cuda.zip";

    /// <summary>The variable task command lines read the identity's client id from (set on every job).</summary>
    public const string NodeIdentityVariable = "VIDEOSSL_MI_CLIENT_ID";

    public required Uri BatchEndpoint { get; init; }

    public required string CpuPoolId { get; init; }

    public required string GpuPoolId { get; init; }

    /// <summary>Blob endpoint of the storage account, e.g. https://acct.blob.core.windows.net/.</summary>
    public required Uri StorageAccountUrl { get; init; }

    public required string IdentityClientId { get; init; }

    /// <summary>ARM id of the pool's user-assigned identity, used to upload task logs.</summary>
    public required string IdentityResourceId { get; init; }

    public string StoreContainer { get; init; } = "clips";

    public string LogsContainer { get; init; } = "runs";

    /// <summary>The bundle the CPU pool's start task installs (TorchRuntime=cpu); default apps/videossl-linux-x64.zip.</summary>
    public Uri? CpuBundleUrl { get; init; }

    /// <summary>The bundle the GPU pool's start task installs (TorchRuntime=cuda); default apps/videossl-linux-x64-cuda.zip.</summary>
    public Uri? GpuBundleUrl { get; init; }

    /// <summary>Where each pool's bundle comes from and which libtorch it carries.</summary>
    public IReadOnlyList<PoolBundle> Bundles =>
    [
        new(PoolKind.Cpu, CpuPoolId, CpuBundleUrl ?? new Uri($"{StorageAccountUrl.AbsoluteUri.TrimEnd('/')}/apps/{CpuBundleBlob}"), "cpu"),
        new(PoolKind.Gpu, GpuPoolId, GpuBundleUrl ?? new Uri($"{StorageAccountUrl.AbsoluteUri.TrimEnd('/')}/apps/{GpuBundleBlob}"), "cuda"),
    ];

    /// <summary>The --store tasks pass: the store container's URL.</summary>
    public string StoreLocation => $"{StorageAccountUrl.AbsoluteUri.TrimEnd('/')}/{StoreContainer}";

    public Uri LogsContainerUrl => new($"{StorageAccountUrl.AbsoluteUri.TrimEnd('/')}/{LogsContainer}");

    public string PoolId(PoolKind pool) => pool == PoolKind.Gpu ? GpuPoolId : CpuPoolId;

    /// <summary>Where a task's stderr lands once the task completes.</summary>
    public string StderrUrl(string jobId, string taskId) => $"{LogsContainerUrl.AbsoluteUri}/{jobId}/{taskId}/stderr.txt";

    /// <summary>The variables every job carries, so launchers and job managers on the nodes resolve this same target.</summary>
    public IReadOnlyDictionary<string, string> JobEnvironment() => new Dictionary<string, string>
    {
        [BatchEndpointVariable] = BatchEndpoint.AbsoluteUri.TrimEnd('/'),
        [CpuPoolVariable] = CpuPoolId,
        [GpuPoolVariable] = GpuPoolId,
        [StorageAccountVariable] = StorageAccountUrl.AbsoluteUri,
        [IdentityClientIdVariable] = IdentityClientId,
        [IdentityResourceIdVariable] = IdentityResourceId,
        [NodeIdentityVariable] = IdentityClientId,
    };

    /// <summary>The job metadata entry that names the logs container, so <c>pipeline status</c> finds task logs without the spec.</summary>
    public const string LogsMetadata = "videossl-logs";

    /// <summary>
    /// Resolves the target from the account settings given (flags, settings file), then the spec's <c>azure:</c> pools,
    /// then the environment; throws <see cref="ArgumentException"/> naming each missing value and the variable that would give it.
    /// </summary>
    /// <param name="placeholders">For dry runs: fill missing values with visible placeholders instead of failing, and list them.</param>
    public static BatchTarget Resolve(AzureSpec azure, Func<string, string?> environment, BatchAccountOptions? account = null, List<string>? placeholders = null)
    {
        var overrides = account?.ByVariable();
        string? Value(string variable, string? fromSpec = null) =>
            overrides?.GetValueOrDefault(variable) is { Length: > 0 } given ? given
            : fromSpec is { Length: > 0 } ? fromSpec
            : environment(variable) is { Length: > 0 } found ? found
            : placeholders is null ? null
            : Placeholder(variable, placeholders);

        var problems = new List<string>();
        Uri? Url(string variable)
        {
            var text = Value(variable);
            if (text is null)
            {
                problems.Add($"{variable} is not set (run `azd env get-values` or pass it as a flag)");
                return null;
            }

            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            {
                problems.Add($"{variable} = '{text}' is not an https URL");
                return null;
            }

            return uri;
        }

        Uri? OptionalUrl(string variable) =>
            (overrides?.GetValueOrDefault(variable) ?? environment(variable)) is { Length: > 0 } text && Uri.TryCreate(text, UriKind.Absolute, out var uri) ? uri : null;

        string Required(string variable, string? fromSpec = null)
        {
            var text = Value(variable, fromSpec);
            if (text is null)
            {
                problems.Add($"{variable} is not set (run `azd env get-values` or pass it as a flag)");
            }

            return text ?? "";
        }

        var target = new BatchTarget
        {
            BatchEndpoint = Url(BatchEndpointVariable)!,
            StorageAccountUrl = Url(StorageAccountVariable)!,
            CpuPoolId = Required(CpuPoolVariable, azure.CpuPool),
            GpuPoolId = Required(GpuPoolVariable, azure.GpuPool),
            IdentityClientId = Value(IdentityClientIdVariable) ?? Value(NodeIdentityVariable) ?? Required(IdentityClientIdVariable),
            IdentityResourceId = Required(IdentityResourceIdVariable),
            StoreContainer = azure.Container,
            LogsContainer = azure.LogsContainer,
            CpuBundleUrl = OptionalUrl(CpuBundleVariable),
            GpuBundleUrl = OptionalUrl(GpuBundleVariable),
        };
        if (problems.Count > 0)
        {
            throw new ArgumentException("Azure Batch target incomplete: " + string.Join("; ", problems) + ".");
        }

        return target;
    }

    private static string Placeholder(string variable, List<string> used)
    {
        if (!used.Contains(variable))
        {
            used.Add(variable);
        }

        var name = variable.ToLowerInvariant().Replace('_', '-');
        return variable is BatchEndpointVariable or StorageAccountVariable ? $"https://{name}.invalid/" : $"<{variable}>";
    }
}

/// <summary>The self-contained videossl bundle a pool's start task installs, and the libtorch runtime it carries.</summary>
public sealed record PoolBundle(PoolKind Pool, string PoolId, Uri Url, string TorchRuntime);
