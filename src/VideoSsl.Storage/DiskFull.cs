namespace VideoSsl.Storage;

/// <summary>Tells a full disk from other I/O failures: no input is to blame for it, and no retry will pass until space is freed.</summary>
public static class DiskFull
{
    // On Unix .NET puts the errno in HResult: ENOSPC is 28 on Linux and macOS, EDQUOT 122 on Linux and 69 on macOS.
    // On Windows: the HRESULTs of ERROR_HANDLE_DISK_FULL and ERROR_DISK_FULL.
    private const int HandleDiskFull = unchecked((int)0x80070027), WindowsDiskFull = unchecked((int)0x80070070);

    /// <summary>True when <paramref name="e"/>, or an exception inside it, is a write that failed for lack of space.</summary>
    public static bool Is(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is IOException io && IsFullCode(io.HResult))
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsFullCode(int code) =>
        OperatingSystem.IsWindows() ? code is HandleDiskFull or WindowsDiskFull
        : OperatingSystem.IsMacOS() ? code is 28 or 69
        : code is 28 or 122;

    /// <summary>The failure of a store whose disk is full, naming the store and the blob being written.</summary>
    public static StoreUnavailableException StoreFull(string root, string path, IOException e) =>
        new("store", root, $"write {path}", $"its disk is full ({Cause(e)})", e);

    // "No space left on device : '/store/.tmp/3f2a...'": the temp file's name says nothing the message does not.
    private static string Cause(IOException e)
    {
        var message = e.Message.Split('\n', 2)[0].Trim();
        var at = message.IndexOf(" : '", StringComparison.Ordinal);
        return at > 0 ? message[..at] : message;
    }
}
