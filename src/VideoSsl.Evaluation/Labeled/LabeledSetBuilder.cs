using VideoSsl.Storage;

namespace VideoSsl.Evaluation.Labeled;

/// <summary>Collects annotated videos from one reader and applies the checks every layout shares.</summary>
internal sealed class LabeledSetBuilder(string root, LabeledLayout layout)
{
    private readonly Dictionary<string, (string File, int Line)> _seen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string File, int Line)> _classFirstSeen = new(StringComparer.Ordinal);
    private readonly List<LabeledVideo> _videos = [];

    public string Root { get; } = Path.GetFullPath(root);

    public int Count => _videos.Count;

    /// <summary>Refuses a path that could leave the dataset folder or cannot name a blob; returns it with '/' separators.</summary>
    public static string SafeRelativePath(string path, string file, int line)
    {
        if (path.Length >= 2 && path[1] == ':' && char.IsAsciiLetter(path[0]))
        {
            throw new AnnotationException(file, line, $"path '{BlobPath.Printable(path)}' is absolute; paths must be relative to the dataset folder");
        }
        if (path.StartsWith('/') || path.StartsWith('\\'))
        {
            throw new AnnotationException(file, line, $"path '{BlobPath.Printable(path)}' is absolute; paths must be relative to the dataset folder");
        }
        if (!BlobPath.TryValidate(path, out var reason))
        {
            throw new AnnotationException(file, line, $"path '{BlobPath.Printable(path)}' is unsafe: {reason}");
        }
        return path;
    }

    /// <summary>True when the relative path names an existing file inside the root.</summary>
    public bool Exists(string relativePath) => File.Exists(Path.Combine(Root, relativePath));

    /// <summary>Adds a video after checking its path, its existence (when asked) and that it was not annotated before.</summary>
    public void Add(string relativePath, string label, string split, string file, int line, bool mustExist = true)
    {
        SafeRelativePath(relativePath, file, line);
        if (string.IsNullOrWhiteSpace(label) || label.Any(char.IsControl))
        {
            throw new AnnotationException(file, line, $"label '{BlobPath.Printable(label)}' is empty or has control characters");
        }
        if (mustExist && !Exists(relativePath))
        {
            throw new AnnotationException(file, line, $"video '{relativePath}' does not exist under {Root}");
        }
        if (_seen.TryGetValue(relativePath, out var first))
        {
            throw new AnnotationException(file, line, $"duplicate entry '{relativePath}', first at {first.File}:{first.Line}");
        }
        _seen[relativePath] = (file, line);
        _classFirstSeen.TryAdd(label, (file, line));
        _videos.Add(new LabeledVideo(relativePath, label, split));
    }

    /// <summary>Builds the set; <paramref name="classes"/> null means the labels seen, in ordinal order.</summary>
    /// <param name="classSource">Where each class of <paramref name="classes"/> was declared, for messages.</param>
    public LabeledVideoSet Build(IReadOnlyList<string>? classes = null, IReadOnlyList<(string File, int Line)>? classSource = null)
    {
        if (_videos.Count == 0)
        {
            throw new AnnotationException(Root, 0, $"no annotated videos found (read as {layout})");
        }
        classes ??= _classFirstSeen.Keys.Order(StringComparer.Ordinal).ToList();
        var known = classes.ToHashSet(StringComparer.Ordinal);
        foreach (var video in _videos.Where(v => !known.Contains(v.Label)))
        {
            var (file, line) = _seen[video.Path];
            throw new AnnotationException(file, line, $"unknown class '{video.Label}'");
        }
        var trained = _videos.Where(v => v.Split == Splits.Train).Select(v => v.Label).ToHashSet(StringComparer.Ordinal);
        if (trained.Count == 0)
        {
            throw new AnnotationException(Root, 0, "the train split is empty");
        }
        for (var i = 0; i < classes.Count; i++)
        {
            if (!trained.Contains(classes[i]))
            {
                var (file, line) = classSource?[i] ?? (_classFirstSeen.TryGetValue(classes[i], out var at) ? at : (Root, 0));
                throw new AnnotationException(file, line, $"class '{classes[i]}' has no training video");
            }
        }
        return new LabeledVideoSet(Root, layout, classes, _videos.ToList());
    }
}
