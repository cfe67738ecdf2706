namespace VideoSsl.Cli.Binding;

/// <summary>How a property's name becomes a flag.</summary>
public static class SettingNames
{
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
