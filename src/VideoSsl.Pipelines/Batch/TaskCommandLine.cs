using System.Text;

namespace VideoSsl.Pipelines.Batch;

/// <summary>Builds Batch task command lines that run the videossl bundle the pool start task installed.</summary>
/// <remarks>
/// Batch does not run command lines through a shell, so the line is <c>/bin/sh -c '...'</c> for the environment
/// variables to expand on the node; each argument is quoted for that inner shell.
/// </remarks>
public static class TaskCommandLine
{
    /// <summary>Where the start task unpacks the self-contained bundle.</summary>
    public const string Executable = "$AZ_BATCH_NODE_SHARED_DIR/videossl/videossl";

    /// <summary>The command line running <c>videossl {argv} --store {store} --managed-identity-client-id $VIDEOSSL_MI_CLIENT_ID</c>.</summary>
    public static string For(IEnumerable<string> argv, string storeLocation)
    {
        var script = new StringBuilder(Executable);
        foreach (var arg in argv.Concat(["--store", storeLocation]))
        {
            script.Append(' ').Append(Quote(arg));
        }

        script.Append(" --managed-identity-client-id \"$").Append(BatchTarget.NodeIdentityVariable).Append('"');
        return "/bin/sh -c '" + script.ToString().Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    /// <summary>Quotes one argument for sh: bare when it holds only safe characters, else double-quoted with $ ` " \ escaped.</summary>
    public static string Quote(string arg)
    {
        if (arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=,+@%".Contains(c)))
        {
            return arg;
        }

        var escaped = new StringBuilder("\"");
        foreach (var c in arg)
        {
            if (c is '$' or '`' or '"' or '\\')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.Append('"').ToString();
    }

    /// <summary>Recovers the argv (before --store) from a command line <see cref="For"/> built; for tests and dry-run readers.</summary>
    public static IReadOnlyList<string> ParseArgv(string commandLine)
    {
        var prefix = $"/bin/sh -c '{Executable} ";
        if (!commandLine.StartsWith(prefix, StringComparison.Ordinal) || !commandLine.EndsWith('\''))
        {
            throw new FormatException($"Not a videossl task command line: {commandLine}");
        }

        var script = commandLine[prefix.Length..^1].Replace("'\\''", "'", StringComparison.Ordinal);
        var args = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        var any = false;
        for (var i = 0; i < script.Length; i++)
        {
            var c = script[i];
            if (quoted && c == '\\' && i + 1 < script.Length)
            {
                current.Append(script[++i]);
            }
            else if (c == '"')
            {
                quoted = !quoted;
                any = true;
            }
            else if (c == ' ' && !quoted)
            {
                Flush();
            }
            else
            {
                current.Append(c);
                any = true;
            }
        }

        Flush();
        var store = args.IndexOf("--store");
        return store < 0 ? args : args.Take(store).ToList();

        void Flush()
        {
            if (any)
            {
                args.Add(current.ToString());
            }

            current.Clear();
            any = false;
        }
    }
}
