using System.Diagnostics;

namespace VideoSsl.Media;

/// <summary>Temporary folders for batch outputs, named by process, so that folders left by a killed process are removed later.</summary>
internal static class WorkFolders
{
    private const string Prefix = "videossl-batch-";
    private static readonly Lazy<bool> StaleRemoved = new(RemoveStale);

    /// <summary>A new empty folder under the system's temporary folder (<c>TMPDIR</c>).</summary>
    public static string Create()
    {
        _ = StaleRemoved.Value;
        var folder = Path.Combine(Path.GetTempPath(), $"{Prefix}{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Removes a folder and what is in it; a folder already gone is fine.</summary>
    public static void Remove(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
            // Left for the next process's clean-up.
        }
    }

    // Folders of processes that no longer run (killed mid-batch) hold nothing anyone will read.
    private static bool RemoveStale()
    {
        try
        {
            foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), Prefix + "*"))
            {
                var name = Path.GetFileName(folder)[Prefix.Length..];
                var dash = name.IndexOf('-', StringComparison.Ordinal);
                if (dash > 0 && int.TryParse(name[..dash], out var pid) && !IsRunning(pid))
                {
                    Remove(folder);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Clean-up is a courtesy; it never stops a decode.
        }
        return true;
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
