namespace VideoSsl.Testing;

/// <summary>Finds the repository root (the folder holding VideoSsl.sln) from the test binaries.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VideoSsl.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Could not find VideoSsl.sln above " + AppContext.BaseDirectory);
    });

    /// <summary>The repository root.</summary>
    public static string Root => RootPath.Value;
}
