namespace VideoSsl.Cli.Binding;

/// <summary>How a property's name becomes a flag: its kebab-case name, or the spelling every verb shares for it.</summary>
public static class SettingNames
{
    // Flags spelled other than their property, the same in every verb: the names the CLI has always used, and short forms.
    private static readonly Dictionary<string, string[]> Spellings = new(StringComparer.Ordinal)
    {
        ["RunName"] = ["--run"],
        ["CacheDirectory"] = ["--cache"],
        ["CheckpointPath"] = ["--checkpoint"],
        ["IdxPath"] = ["--idx"],
        ["Location"] = ["--store"],
        ["FrameRate"] = ["--fps"],
        ["LearningRate"] = ["--lr"],
        ["MinLearningRate"] = ["--min-lr"],
        ["FinetuneLearningRate"] = ["--finetune-lr"],
        ["ScratchLearningRate"] = ["--scratch-lr"],
        ["ClaimTimeToLive"] = ["--claim-ttl"],
        ["Dataset"] = ["--dataset", "-d"],
        ["Source"] = ["--source", "-s"],
        ["Frames"] = ["--frames", "-t"],
        ["Workers"] = ["--workers", "-w"],
        ["BatchSize"] = ["--batch-size", "-b"],
        ["Count"] = ["--count", "-n"],
    };

    /// <summary>The flag and its aliases for a property named <paramref name="property"/>.</summary>
    public static (string Flag, string[] Aliases) For(string property) =>
        Spellings.TryGetValue(property, out var names) ? (names[0], names[1..]) : ("--" + Kebab(property), []);

    /// <summary>BatchSize → batch-size, ManagedIdentityClientId → managed-identity-client-id, Beta1 → beta1.</summary>
    public static string Kebab(string name)
    {
        var result = new System.Text.StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1]))))
            {
                result.Append('-');
            }
            result.Append(char.ToLowerInvariant(c));
        }
        return result.ToString();
    }
}
