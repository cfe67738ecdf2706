using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.Storage.Blobs;
using VideoSsl.Storage.Azure;
using VideoSsl.Storage.Folder;

namespace VideoSsl.Storage;

/// <summary>Creates the <see cref="IBlobStore"/> that <see cref="StoreOptions"/> selects.</summary>
public static class BlobStoreFactory
{
    /// <summary>Creates the store, or throws <see cref="ArgumentException"/> listing what is wrong with the options.</summary>
    public static IBlobStore Create(StoreOptions options)
    {
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, problems));
        }
        return options.Kind switch
        {
            StoreKind.Folder => new FolderBlobStore(options.Location),
            StoreKind.ConnectionString => new AzureBlobStore(new BlobServiceClient(options.Location, ClientOptions("account key (connection string)")).GetBlobContainerClient(options.ContainerFor())),
            _ => new AzureBlobStore(ContainerFromUrl(options)),
        };
    }

    /// <summary>Opens another container in the same account as <paramref name="options"/> (folder stores: a subfolder).</summary>
    public static IBlobStore CreateSibling(StoreOptions options, string container)
    {
        var sibling = new StoreOptions { Location = options.Location, Container = container, ManagedIdentityClientId = options.ManagedIdentityClientId };
        if (options.Kind == StoreKind.Folder)
        {
            sibling.Location = Path.Combine(options.Location, "..", container);
        }
        else if (options.Kind == StoreKind.AccountUrl)
        {
            sibling.Location = AccountRoot(options) + "/" + container;
        }
        return Create(sibling);
    }

    /// <summary>The credential used for account URLs: a specific managed identity when a client id is given.</summary>
    public static TokenCredential Credential(string? managedIdentityClientId) =>
        string.IsNullOrWhiteSpace(managedIdentityClientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(managedIdentityClientId));

    /// <summary>Names the credential <see cref="Credential"/> picks, for messages about a failed sign-in.</summary>
    public static string DescribeCredential(string? managedIdentityClientId) =>
        string.IsNullOrWhiteSpace(managedIdentityClientId)
            ? "DefaultAzureCredential (az login, azd auth login, environment, managed identity)"
            : $"managed identity {managedIdentityClientId} (instance metadata endpoint)";

    private static BlobContainerClient ContainerFromUrl(StoreOptions options)
    {
        var service = new BlobServiceClient(new Uri(AccountRoot(options)), Credential(options.ManagedIdentityClientId), ClientOptions(DescribeCredential(options.ManagedIdentityClientId)));
        return service.GetBlobContainerClient(options.ContainerFor());
    }

    private static string AccountRoot(StoreOptions options)
    {
        var uri = new Uri(options.Location);
        var local = uri.Host is "127.0.0.1" or "localhost";
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var root = uri.GetLeftPart(UriPartial.Authority);
        return local && segments.Length > 0 ? $"{root}/{segments[0]}" : root;
    }

    // The SDK's own retry policy is the only retry layer on individual blob calls; the outage policy sits outside it
    // and only names what failed once the retries are spent.
    internal static BlobClientOptions ClientOptions(string credentialDescription)
    {
        var options = new BlobClientOptions();
        options.AddPolicy(new OutagePolicy(credentialDescription), HttpPipelinePosition.PerCall);
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 5;
        options.Retry.Delay = TimeSpan.FromMilliseconds(400);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(20);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(100);
        return options;
    }
}
