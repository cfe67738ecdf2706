using VideoSsl.Testing;

namespace VideoSsl.Media.Tests;

[CollectionDefinition(Name)]
public sealed class MediaCollection : ICollectionFixture<SampleVideos>
{
    public const string Name = "media";
}
