namespace VideoSsl.Storage;

/// <summary>Which store to use: one <see cref="Location"/> string selects the backend.</summary>
/// <remarks>
/// <list type="bullet">
/// <item>a folder path (the embedded default), e.g. <c>./data/store</c>;</item>
/// <item>an account URL, e.g. <c>https://acct.blob.core.windows.net/clips</c>, signed in with <c>DefaultAzureCredential</c>
/// (or the managed identity named by <see cref="ManagedIdentityClientId"/>);</item>
/// <item>a connection string, e.g. <c>UseDevelopmentStorage=true</c> for Azurite.</item>
/// </list>
/// </remarks>
public sealed class StoreOptions
{
    /// <summary>Where clips, checkpoints and runs go: a folder (default data/store), a blob account URL (https://acct.blob.core.windows.net/container, signed in with DefaultAzureCredential), or a connection string (UseDevelopmentStorage=true for Azurite).</summary>
    public string Location { get; set; } = "data/store";

    /// <summary>Blob container when the store is a connection string or an account URL without one.</summary>
    public string Container { get; set; } = "videossl";

    /// <summary>Client id of the user-assigned managed identity to sign in with (Azure Batch nodes); empty uses DefaultAzureCredential.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Which backend <see cref="Location"/> selects.</summary>
    public StoreKind Kind =>
        Location.Contains('=', StringComparison.Ordinal) ? StoreKind.ConnectionString
        : Location.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || Location.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? StoreKind.AccountUrl
        : StoreKind.Folder;

    /// <summary>Returns the problems with these options, empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Location))
        {
            problems.Add("store: the location is empty (give a folder path, a blob account URL or a connection string)");
        }
        if (Kind != StoreKind.Folder && !IsValidContainerName(ContainerFor()))
        {
            problems.Add($"store: container name '{ContainerFor()}' is not valid (3-63 lowercase letters, digits and single hyphens)");
        }
        if (Kind == StoreKind.AccountUrl && !Uri.TryCreate(Location, UriKind.Absolute, out _))
        {
            problems.Add($"store: '{Location}' is not a valid URL");
        }
        return problems;
    }

    /// <summary>The container name: the first path segment of an account URL if it has one, else <see cref="Container"/>.</summary>
    public string ContainerFor()
    {
        if (Kind == StoreKind.AccountUrl && Uri.TryCreate(Location, UriKind.Absolute, out var uri))
        {
            var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
            // Azurite-style URLs carry the account name as the first segment: http://127.0.0.1:10000/devstoreaccount1/clips
            var skip = uri.Host is "127.0.0.1" or "localhost" ? 1 : 0;
            if (segments.Length > skip)
            {
                return segments[skip];
            }
        }
        return Container;
    }

    private static bool IsValidContainerName(string name) =>
        name.Length is >= 3 and <= 63
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
        && !name.StartsWith('-') && !name.EndsWith('-') && !name.Contains("--", StringComparison.Ordinal);
}

/// <summary>The three storage backends.</summary>
public enum StoreKind
{
    Folder,
    AccountUrl,
    ConnectionString,
}
