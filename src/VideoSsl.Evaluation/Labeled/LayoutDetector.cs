namespace VideoSsl.Evaluation.Labeled;

/// <summary>Tells a labeled dataset folder's annotation layout from the files in it.</summary>
/// <remarks>
/// In order: <c>classInd.txt</c> (in the folder or <c>ucfTrainTestlist/</c>) means UCF101; a top-level CSV whose
/// header names <c>youtube_id</c> means Kinetics; a top-level <c>train.csv</c> means VideoMAE lists; anything else
/// is read as folder per class.
/// </remarks>
public static class LayoutDetector
{
    /// <summary>The layout of <paramref name="root"/>.</summary>
    public static LabeledLayout Detect(string root)
    {
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"Labeled dataset folder '{root}' does not exist.");
        }
        if (Ucf101Reader.AnnotationFolder(root) is not null)
        {
            return LabeledLayout.Ucf101;
        }
        if (KineticsCsvReader.AnnotationFiles(root).Count > 0)
        {
            return LabeledLayout.Kinetics;
        }
        return File.Exists(Path.Combine(root, VideoMaeListReader.ListFiles[0])) ? LabeledLayout.VideoMae : LabeledLayout.FolderPerClass;
    }
}
