using System.CommandLine;
using VideoSsl.Cli.Binding;
using VideoSsl.Storage;

namespace VideoSsl.Cli.Hosting;

/// <summary>Options every verb takes: where the store is (<see cref="Storage.StoreOptions"/>), where settings come from, and JSON output.</summary>
public static class GlobalOptions
{
    public static readonly Option<string?> SettingsFile = new("--settings")
    {
        Description = "A JSON settings file (default: ./videossl.json if present; env VIDEOSSL_SETTINGS).",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print the result as one JSON object on stdout (progress and logs go to stderr).",
        Recursive = true,
    };

    /// <summary>The store settings (section Store): --store, --container, --managed-identity-client-id.</summary>
    public static readonly OptionsBinding<StoreOptions> Store = new("Store");

    /// <summary>Adds the global options to the root command.</summary>
    public static void AddTo(Command root)
    {
        root.Options.Add(SettingsFile);
        Store.AddTo(root, recursive: true);
        root.Options.Add(Json);
    }

    /// <summary>The store options the command line, environment and settings file select, validated.</summary>
    public static StoreOptions StoreOptions(Settings settings)
    {
        var options = Store.Bind(settings);
        UsageException.ThrowIfAny(options.Validate());
        return options;
    }
}
