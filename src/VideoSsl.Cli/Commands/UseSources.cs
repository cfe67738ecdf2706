using System.Linq.Expressions;
using VideoSsl.Cli.Binding;
using VideoSsl.Cli.Hosting;
using VideoSsl.Inference.Decoding;
using VideoSsl.Ingestion;
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

    /// <summary>The store of the settings and the videos' source (null when none is given).</summary>
    public static (IBlobStore Store, IVideoSource? Source) Open(VideoSourceOptions videos, Settings settings)
    {
        var storeOptions = GlobalOptions.StoreOptions(settings);
        return (BlobStoreFactory.Create(storeOptions), videos.Source is { } path ? Open(path, storeOptions, videos.Extensions) : null);
    }

    /// <summary>Reads and shows a partition setting as i/N, as ingest writes it.</summary>
    public static OptionsBinding<T> ParsePartition<T>(this OptionsBinding<T> binding, Expression<Func<T, (int Index, int Count)>> partition)
        where T : class, new() =>
        binding.Parse(partition, IngestOptions.ParsePartition, p => $"{p.Index}/{p.Count}");
}
