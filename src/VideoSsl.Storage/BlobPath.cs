namespace VideoSsl.Storage;

/// <summary>Validation and joining of store-relative blob paths.</summary>
public static class BlobPath
{
    /// <summary>Joins segments with '/', ignoring empty ones.</summary>
    public static string Join(params string[] parts) =>
        string.Join('/', parts.Where(p => !string.IsNullOrEmpty(p)).Select(p => p.Trim('/')));

    /// <summary>Returns the path if it is safe to use as a blob name in every backend, or throws naming the problem.</summary>
    public static string Validate(string path)
    {
        if (TryValidate(path, out var reason))
        {
            return path;
        }
        throw new ArgumentException($"Blob path '{Printable(path)}' is not allowed: {reason}.", nameof(path));
    }

    /// <summary>Checks a path without throwing; <paramref name="reason"/> says why it is refused.</summary>
    public static bool TryValidate(string path, out string reason)
    {
        reason = "";
        if (string.IsNullOrEmpty(path))
        {
            reason = "it is empty";
        }
        else if (path.Length > 1024)
        {
            reason = "it is longer than 1024 characters";
        }
        else if (path.StartsWith('/') || path.EndsWith('/'))
        {
            reason = "it starts or ends with '/'";
        }
        else if (path.Any(char.IsControl))
        {
            reason = "it contains a control character";
        }
        else if (path.Contains('\\'))
        {
            reason = "it contains '\\'";
        }
        else if (path.Split('/').Any(s => s is "" or "." or ".."))
        {
            reason = "it has an empty, '.' or '..' segment";
        }
        return reason.Length == 0;
    }

    /// <summary>A path with control characters escaped, safe to print in one log line.</summary>
    public static string Printable(string path) =>
        string.Concat(path.Select(c => char.IsControl(c) ? $"\\x{(int)c:x2}" : c.ToString()));
}
