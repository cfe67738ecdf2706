using System.Globalization;

namespace VideoSsl.Evaluation.Labeled;

/// <summary>Reads UCF101-style annotations: <c>classInd.txt</c> ("1 ApplyEyeMakeup"), <c>trainlist0N.txt</c> ("Class/v_x.avi 1") and <c>testlist0N.txt</c> ("Class/v_x.avi").</summary>
/// <remarks>
/// The lists may sit in the dataset folder or in its <c>ucfTrainTestlist/</c>; a listed path is looked up in the
/// dataset folder, then under <c>UCF-101/</c> (the official archive's layout). A video's class is its folder; a train
/// line's index must agree with it.
/// </remarks>
internal static class Ucf101Reader
{
    public const string ClassIndex = "classInd.txt";
    public const string ListFolder = "ucfTrainTestlist";
    public const string VideoFolder = "UCF-101";

    /// <summary>The folder holding classInd.txt, or null.</summary>
    public static string? AnnotationFolder(string root) =>
        new[] { root, Path.Combine(root, ListFolder) }.FirstOrDefault(d => File.Exists(Path.Combine(d, ClassIndex)));

    public static async Task<LabeledVideoSet> ReadAsync(string root, LabeledSetOptions options, CancellationToken cancellationToken)
    {
        var builder = new LabeledSetBuilder(root, LabeledLayout.Ucf101);
        var folder = AnnotationFolder(builder.Root) ?? Path.Combine(builder.Root, ClassIndex);
        var (classes, declared) = await ReadClassesAsync(Path.Combine(folder, ClassIndex), cancellationToken).ConfigureAwait(false);
        var known = classes.ToHashSet(StringComparer.Ordinal);
        foreach (var (list, split) in new[] { ($"trainlist{options.SplitNumber:00}.txt", Splits.Train), ($"testlist{options.SplitNumber:00}.txt", Splits.Test) })
        {
            var file = Path.Combine(folder, list);
            var lines = await AnnotationFile.ReadLinesAsync(file, cancellationToken).ConfigureAwait(false);
            if (lines.Count == 0)
            {
                throw new AnnotationException(file, 0, $"empty split '{split}'");
            }
            foreach (var (line, text) in lines)
            {
                var tokens = AnnotationFile.Tokens(text);
                if (tokens.Length > 2)
                {
                    throw new AnnotationException(file, line, "expected 'Class/video.avi' optionally followed by a class index");
                }
                var listed = LabeledSetBuilder.SafeRelativePath(tokens[0], file, line);
                var label = listed.Contains('/') ? listed[..listed.IndexOf('/')] : "";
                if (!known.Contains(label))
                {
                    throw new AnnotationException(file, line, $"unknown class '{label}' (the video's folder is not in {ClassIndex})");
                }
                if (tokens.Length == 2)
                {
                    if (!int.TryParse(tokens[1], NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index < 1 || index > classes.Count)
                    {
                        throw new AnnotationException(file, line, $"unknown class index '{tokens[1]}' (classes are 1 to {classes.Count})");
                    }
                    if (classes[index - 1] != label)
                    {
                        throw new AnnotationException(file, line, $"class index {index} is '{classes[index - 1]}' but the video is in folder '{label}'");
                    }
                }
                var path = builder.Exists(listed) ? listed : $"{VideoFolder}/{listed}";
                if (!builder.Exists(path))
                {
                    throw new AnnotationException(file, line, $"video '{listed}' does not exist under {builder.Root} (nor under {VideoFolder}/)");
                }
                builder.Add(path, label, split, file, line);
            }
        }
        return builder.Build(classes, declared);
    }

    private static async Task<(List<string> Classes, List<(string, int)> Declared)> ReadClassesAsync(string file, CancellationToken cancellationToken)
    {
        var classes = new List<string>();
        var declared = new List<(string, int)>();
        foreach (var (line, text) in await AnnotationFile.ReadLinesAsync(file, cancellationToken).ConfigureAwait(false))
        {
            var tokens = AnnotationFile.Tokens(text);
            if (tokens.Length != 2 || !int.TryParse(tokens[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                throw new AnnotationException(file, line, "expected '<index> <ClassName>'");
            }
            if (index != classes.Count + 1)
            {
                throw new AnnotationException(file, line, $"class index {index} out of sequence; expected {classes.Count + 1}");
            }
            if (classes.Contains(tokens[1]))
            {
                throw new AnnotationException(file, line, $"duplicate class '{tokens[1]}'");
            }
            classes.Add(tokens[1]);
            declared.Add((file, line));
        }
        if (classes.Count == 0)
        {
            throw new AnnotationException(file, 0, "no classes");
        }
        return (classes, declared);
    }
}
