using VideoSsl.Evaluation.Sampling;
using VideoSsl.Ingestion.Sources;

namespace VideoSsl.Evaluation.Labeled;

/// <summary>Reads <c>class/video.ext</c> folders, or <c>train|val|test/class/video.ext</c> when the top level is split folders.</summary>
/// <remarks>
/// Without split folders every video is in train unless <see cref="LabeledSetOptions.TestFraction"/> is set: then each
/// class holds out round(f·n) of its n videos as test (half away from zero), at most n − 1 so the class keeps one
/// training video, chosen by <see cref="SeededOrder"/> under <see cref="LabeledSetOptions.Seed"/>.
/// </remarks>
internal static class FolderPerClassReader
{
    private static readonly string[] SplitFolders = [Splits.Train, Splits.Val, Splits.Test];

    /// <summary>True when the top-level folders are split names including train.</summary>
    public static bool HasSplitFolders(string root)
    {
        var top = VisibleDirectories(root).Select(Path.GetFileName).ToList();
        return top.Contains(Splits.Train) && top.All(d => SplitFolders.Contains(d));
    }

    public static LabeledVideoSet Read(string root, LabeledSetOptions options)
    {
        var builder = new LabeledSetBuilder(root, LabeledLayout.FolderPerClass);
        var extensions = VideoExtensions.Parse(options.Extensions);
        if (HasSplitFolders(builder.Root))
        {
            foreach (var split in VisibleDirectories(builder.Root))
            {
                var name = Path.GetFileName(split);
                var videos = ClassVideos(builder.Root, split, extensions);
                if (videos.Count == 0)
                {
                    throw new AnnotationException(split, 0, $"empty split '{name}': no videos in its class folders");
                }
                foreach (var (path, label) in videos)
                {
                    builder.Add(path, label, name, Path.Combine(builder.Root, path), 0);
                }
            }
            return builder.Build();
        }
        var all = ClassVideos(builder.Root, builder.Root, extensions);
        var test = new HashSet<string>(StringComparer.Ordinal);
        if (options.TestFraction > 0)
        {
            foreach (var group in all.GroupBy(v => v.Label))
            {
                var n = group.Count();
                var held = Math.Min(n - 1, (int)Math.Round(options.TestFraction * n, MidpointRounding.AwayFromZero));
                test.UnionWith(SeededOrder.Shuffle(group, v => v.Path, options.Seed).Take(held).Select(v => v.Path));
            }
        }
        foreach (var (path, label) in all)
        {
            builder.Add(path, label, test.Contains(path) ? Splits.Test : Splits.Train, Path.Combine(builder.Root, path), 0);
        }
        return builder.Build();
    }

    /// <summary>Videos under <paramref name="folder"/>'s class folders, as (root-relative path, class), in ordinal path order.</summary>
    private static List<(string Path, string Label)> ClassVideos(string root, string folder, IReadOnlySet<string> extensions)
    {
        foreach (var stray in Directory.EnumerateFiles(folder).Where(f => extensions.Contains(Path.GetExtension(f))))
        {
            throw new AnnotationException(stray, 0, "video is not inside a class folder");
        }
        var videos = new List<(string, string)>();
        foreach (var classFolder in VisibleDirectories(folder))
        {
            var label = Path.GetFileName(classFolder);
            var files = Directory.EnumerateFiles(classFolder, "*", SearchOption.AllDirectories)
                .Where(f => extensions.Contains(Path.GetExtension(f)))
                .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
                .Order(StringComparer.Ordinal)
                .ToList();
            if (files.Count == 0)
            {
                throw new AnnotationException(classFolder, 0, $"class folder '{label}' has no videos");
            }
            videos.AddRange(files.Select(f => (f, label)));
        }
        return videos;
    }

    private static IEnumerable<string> VisibleDirectories(string folder) =>
        Directory.EnumerateDirectories(folder)
            .Where(d => !Path.GetFileName(d).StartsWith('.'))
            .Order(StringComparer.Ordinal);
}
