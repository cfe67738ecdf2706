using VideoSsl.Testing;

namespace VideoSsl.Ingestion.Tests;

[CollectionDefinition(Name)]
public sealed class IngestionCollection : ICollectionFixture<SampleVideos>, ICollectionFixture<AzuriteFixture>
{
    public const string Name = "ingestion";
}
