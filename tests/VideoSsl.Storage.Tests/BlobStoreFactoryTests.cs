using VideoSsl.Storage.Azure;
using VideoSsl.Storage.Folder;

namespace VideoSsl.Storage.Tests;

public sealed class BlobStoreFactoryTests
{
    [Theory]
    [InlineData("data/store", StoreKind.Folder)]
    [InlineData("/abs/path", StoreKind.Folder)]
    [InlineData("https://acct.blob.core.windows.net/clips", StoreKind.AccountUrl)]
    [InlineData("UseDevelopmentStorage=true", StoreKind.ConnectionString)]
    public void One_location_option_selects_the_backend(string location, StoreKind kind) =>
        Assert.Equal(kind, new StoreOptions { Location = location }.Kind);

    [Fact]
    public void Account_url_names_its_container_or_falls_back_to_the_option()
    {
        Assert.Equal("clips", new StoreOptions { Location = "https://acct.blob.core.windows.net/clips" }.ContainerFor());
        Assert.Equal("videossl", new StoreOptions { Location = "https://acct.blob.core.windows.net" }.ContainerFor());
        Assert.Equal("raw", new StoreOptions { Location = "http://127.0.0.1:10000/devstoreaccount1/raw" }.ContainerFor());
    }

    [Fact]
    public void Account_url_creates_an_azure_store_without_any_key()
    {
        var store = BlobStoreFactory.Create(new StoreOptions { Location = "https://acct.blob.core.windows.net/clips" });
        Assert.IsType<AzureBlobStore>(store);
        Assert.Equal("azure https://acct.blob.core.windows.net/clips", store.Description);
    }

    [Fact]
    public void Folder_location_creates_a_folder_store()
    {
        var root = Path.Combine(Path.GetTempPath(), $"videossl-factory-{Guid.NewGuid():N}");
        try
        {
            Assert.IsType<FolderBlobStore>(BlobStoreFactory.Create(new StoreOptions { Location = root }));
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }

    [Fact]
    public void Invalid_container_name_is_refused_with_the_reason()
    {
        var e = Assert.Throws<ArgumentException>(() => BlobStoreFactory.Create(new StoreOptions { Location = "UseDevelopmentStorage=true", Container = "Bad_Name" }));
        Assert.Contains("Bad_Name", e.Message);
    }
}
