namespace VideoSsl.Evaluation.Labeled;

/// <summary>The annotation layouts a labeled dataset folder can have.</summary>
public enum LabeledLayout
{
    /// <summary>Detect from the folder's files (see <see cref="LayoutDetector"/>).</summary>
    Auto,

    /// <summary><c>class/video.ext</c>, or <c>train|val|test/class/video.ext</c>.</summary>
    FolderPerClass,

    /// <summary><c>classInd.txt</c>, <c>trainlist0N.txt</c>, <c>testlist0N.txt</c>.</summary>
    Ucf101,

    /// <summary>CSV with header <c>label,youtube_id,time_start,time_end,split</c>.</summary>
    Kinetics,

    /// <summary><c>train.csv</c>/<c>val.csv</c>/<c>test.csv</c> with space-separated <c>path label</c> lines.</summary>
    VideoMae,
}
