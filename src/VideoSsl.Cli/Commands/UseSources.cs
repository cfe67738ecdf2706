using VideoSsl.Cli.Hosting;
using VideoSsl.Inference.Decoding;
using VideoSsl.Ingestion.Sources;
using VideoSsl.Storage;

namespace VideoSsl.Cli.Commands;

/// <summary>Opens what embed and classify read: a video file, or ingest's sources (a folder, or blob:container/prefix).</summary>
internal static class UseSources
{
    public static IVideoSource Open(string source, StoreOptions storeOptions, string? extensions) =>
        !source.StartsWith("blob:", StringComparison.Ordinal) && File.Exists(source)
            ? new SingleFileSource(source)
            : IngestCommand.OpenSource(source, storeOptions, VideoExtensions.Parse(extensions));
}
