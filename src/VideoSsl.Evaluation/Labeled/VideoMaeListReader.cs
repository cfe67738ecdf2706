using System.Globalization;

namespace VideoSsl.Evaluation.Labeled;

/// <summary>Reads VideoMAE-style list files: <c>train.csv</c>, <c>val.csv</c>, <c>test.csv</c> of space-separated <c>path label</c> lines.</summary>
/// <remarks>
/// The label is the last token (so paths may contain spaces) and paths are relative to the dataset folder. An
/// optional <c>classes.txt</c> (or <c>labels.txt</c>) names the classes one per line, line k (from 0) being index k;
/// then a label is an index into it or one of its names. Without it labels are taken as names; when every label is an
/// integer the classes are 0 … max, so a missing index is reported as a class with no training video.
/// </remarks>
internal static class VideoMaeListReader
{
    public static readonly string[] ListFiles = ["train.csv", "val.csv", "test.csv"];
    public static readonly string[] ClassFiles = ["classes.txt", "labels.txt"];

    public static async Task<LabeledVideoSet> ReadAsync(string root, CancellationToken cancellationToken)
    {
        var builder = new LabeledSetBuilder(root, LabeledLayout.VideoMae);
        var classFile = ClassFiles.Select(f => Path.Combine(builder.Root, f)).FirstOrDefault(File.Exists);
        List<string>? names = null;
        List<(string, int)>? declared = null;
        if (classFile is not null)
        {
            var lines = await AnnotationFile.ReadLinesAsync(classFile, cancellationToken).ConfigureAwait(false);
            names = [];
            declared = [];
            foreach (var (line, text) in lines)
            {
                if (names.Contains(text))
                {
                    throw new AnnotationException(classFile, line, $"duplicate class '{text}'");
                }
                names.Add(text);
                declared.Add((classFile, line));
            }
        }
        var trainFile = Path.Combine(builder.Root, ListFiles[0]);
        if (!File.Exists(trainFile))
        {
            throw new AnnotationException(trainFile, 0, "annotation file not found");
        }
        var allIntegers = true;
        var maxIndex = -1;
        foreach (var list in ListFiles.Select(f => Path.Combine(builder.Root, f)).Where(File.Exists))
        {
            var split = Path.GetFileNameWithoutExtension(list);
            var lines = await AnnotationFile.ReadLinesAsync(list, cancellationToken).ConfigureAwait(false);
            if (lines.Count == 0)
            {
                throw new AnnotationException(list, 0, $"empty split '{split}'");
            }
            foreach (var (line, text) in lines)
            {
                var cut = text.LastIndexOfAny([' ', '\t']);
                if (cut < 0)
                {
                    throw new AnnotationException(list, line, "expected '<path> <label>'");
                }
                var path = text[..cut].TrimEnd();
                var token = text[(cut + 1)..];
                var isIndex = int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index);
                string label;
                if (names is not null)
                {
                    label = names.Contains(token) ? token
                        : isIndex && index < names.Count ? names[index]
                        : throw new AnnotationException(list, line, $"unknown class '{token}' (not a name or index 0 to {names.Count - 1} of {Path.GetFileName(classFile)})");
                }
                else
                {
                    label = isIndex ? index.ToString(CultureInfo.InvariantCulture) : token;
                    allIntegers &= isIndex;
                    maxIndex = isIndex ? Math.Max(maxIndex, index) : maxIndex;
                }
                builder.Add(path, label, split, list, line);
            }
        }
        if (names is null && allIntegers)
        {
            names = Enumerable.Range(0, maxIndex + 1).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToList();
        }
        return builder.Build(names, declared);
    }
}
