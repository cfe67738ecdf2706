using VideoSsl.Testing;

namespace VideoSsl.Evaluation.Tests.Labeled;

/// <summary>A temporary labeled dataset folder with empty "videos" and annotation files.</summary>
internal sealed class DatasetFolder : IDisposable
{
    private readonly TempFolder _temp = new("labeled");

    public string Root => _temp.Path;

    public string this[string relative] => _temp[relative];

    public DatasetFolder Videos(params string[] paths)
    {
        foreach (var path in paths)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_temp[path])!);
            File.WriteAllBytes(_temp[path], [0]);
        }
        return this;
    }

    public DatasetFolder Text(string path, params string[] lines)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_temp[path])!);
        File.WriteAllLines(_temp[path], lines);
        return this;
    }

    public void Dispose() => _temp.Dispose();
}
