namespace VideoSsl.Evaluation.Labeled;

/// <summary>Reads a labeled dataset folder in any supported layout into a <see cref="LabeledVideoSet"/>.</summary>
public static class LabeledSetReader
{
    /// <summary>Reads and checks the annotations of <paramref name="root"/>; throws <see cref="AnnotationException"/> naming the file and line of the first problem.</summary>
    public static async Task<LabeledVideoSet> ReadAsync(string root, LabeledSetOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new LabeledSetOptions();
        if (options.Validate() is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }
        var layout = options.Layout == LabeledLayout.Auto ? LayoutDetector.Detect(root) : options.Layout;
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"Labeled dataset folder '{root}' does not exist.");
        }
        return layout switch
        {
            LabeledLayout.FolderPerClass => FolderPerClassReader.Read(root, options),
            LabeledLayout.Ucf101 => await Ucf101Reader.ReadAsync(root, options, cancellationToken).ConfigureAwait(false),
            LabeledLayout.Kinetics => await KineticsCsvReader.ReadAsync(root, cancellationToken).ConfigureAwait(false),
            LabeledLayout.VideoMae => await VideoMaeListReader.ReadAsync(root, cancellationToken).ConfigureAwait(false),
            _ => throw new ArgumentOutOfRangeException(nameof(options), layout, "unknown layout"),
        };
    }
}
