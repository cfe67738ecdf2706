using VideoSsl.Storage;
using VideoSsl.Storage.Folder;
using VideoSsl.Testing;

namespace VideoSsl.Storage.Tests;

/// <summary>One Azurite for the whole test assembly.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "azurite";
}

/// <summary>Creates each backend by name, so every contract test runs against all of them.</summary>
public sealed class StoreBackends(AzuriteFixture azurite) : IDisposable
{
    private readonly TempFolder _folder = new("store");

    public static TheoryData<string> Names => new() { "folder", "azurite" };

    public IBlobStore Create(string name) => name switch
    {
        "folder" => new FolderBlobStore(Path.Combine(_folder.Path, Guid.NewGuid().ToString("N"))),
        "azurite" => azurite.NewStore(),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    public void Dispose() => _folder.Dispose();
}
