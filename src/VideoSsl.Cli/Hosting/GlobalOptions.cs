using System.CommandLine;
using VideoSsl.Storage;

namespace VideoSsl.Cli.Hosting;

/// <summary>Options every verb takes: where the store is and where settings come from.</summary>
public static class GlobalOptions
{
    public static readonly Option<string?> SettingsFile = new("--settings")
    {
        Description = "A JSON settings file (default: ./videossl.json if present).",
        Recursive = true,
    };

    public static readonly Option<string> Store = new("--store")
    {
        Description = "Where clips, checkpoints and runs go: a folder (default data/store), a blob account URL "
            + "(https://acct.blob.core.windows.net/container, signed in with DefaultAzureCredential), or a connection string "
            + "(UseDevelopmentStorage=true for Azurite). Env: VIDEOSSL_STORE__LOCATION.",
        DefaultValueFactory = _ => "data/store",
        Recursive = true,
    };

    public static readonly Option<string> Container = new("--container")
    {
        Description = "Blob container when --store is a connection string or an account URL without one.",
        DefaultValueFactory = _ => "videossl",
        Recursive = true,
    };

    public static readonly Option<string?> ManagedIdentity = new("--managed-identity-client-id")
    {
        Description = "Client id of the user-assigned managed identity to sign in with (Azure Batch nodes). Env: VIDEOSSL_STORE__MANAGEDIDENTITYCLIENTID.",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print the result as one JSON object on stdout (progress and logs go to stderr).",
        Recursive = true,
    };

    /// <summary>Adds the global options to the root command.</summary>
    public static void AddTo(Command root)
    {
        root.Options.Add(SettingsFile);
        root.Options.Add(Store);
        root.Options.Add(Container);
        root.Options.Add(ManagedIdentity);
        root.Options.Add(Json);
    }

    /// <summary>The store options the command line, environment and settings file select.</summary>
    public static StoreOptions StoreOptions(Settings settings)
    {
        var options = new StoreOptions
        {
            Location = settings.Get(Store, "Store:Location"),
            Container = settings.Get(Container, "Store:Container"),
            ManagedIdentityClientId = settings.Get(ManagedIdentity, "Store:ManagedIdentityClientId"),
        };
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new UsageException(string.Join("; ", problems));
        }
        return options;
    }
}
