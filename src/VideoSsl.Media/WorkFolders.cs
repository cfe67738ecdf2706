using System.Diagnostics;

namespace VideoSsl.Media;

/// <summary>Temporary folders for group outputs, named by process, so that folders left by a killed process are removed later.</summary>
/// <remarks>
/// Group outputs live for one group and are read once, so they go to memory (<c>/dev/shm</c>) where there is one with
/// room to spare: creating and writing hundreds of small files on a disk file system costs more CPU than decoding
/// them. <c>TMPDIR</c>, when set, is used as given.
/// </remarks>
internal static class WorkFolders
{
    // The name builds before the word "group" gave these folders: kept, so that leftovers of their killed processes are still removed.
    private const string Prefix = "videossl-batch-";
    private const string SharedMemory = "/dev/shm";
    private const long SharedMemoryRoom = 2L << 30;
    private static readonly Lazy<string> RootFolder = new(ChooseRoot);

    /// <summary>Where work folders are made.</summary>
    public static string Root => RootFolder.Value;

    /// <summary>A new empty folder under <see cref="Root"/>.</summary>
    public static string Create()
    {
        var folder = Path.Combine(Root, $"{Prefix}{Environment.ProcessId}-{Guid.NewGuid():N}");
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

    private static string ChooseRoot()
    {
        var root = Path.GetTempPath();
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("TMPDIR")) && Directory.Exists(SharedMemory))
        {
            try
            {
                if (new DriveInfo(SharedMemory).AvailableFreeSpace >= SharedMemoryRoom)
                {
                    var probe = Path.Combine(SharedMemory, $"{Prefix}{Environment.ProcessId}-probe");
                    Directory.CreateDirectory(probe);
                    Directory.Delete(probe);
                    root = SharedMemory;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                // Not usable here: the temporary folder it is.
            }
        }
        RemoveStale(root);
        return root;
    }

    // Folders of processes that no longer run (killed mid-group) hold nothing anyone will read.
    private static void RemoveStale(string root)
    {
        try
        {
            foreach (var folder in Directory.EnumerateDirectories(root, Prefix + "*"))
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
