using System.CommandLine;
using System.Reflection;

namespace VideoSsl.Cli.Binding;

/// <summary>One setting of an options record: the property it fills, its flag, the configuration keys it is read from, and how its text becomes a value.</summary>
public sealed class Setting
{
    /// <summary>The properties from the record down to this setting (one, or a nested group's property and then its own).</summary>
    public required IReadOnlyList<PropertyInfo> Path { get; init; }

    /// <summary>The property this setting fills.</summary>
    public PropertyInfo Property => Path[^1];

    /// <summary>The configuration section (Pretrain, Ingest, ...): <c>VIDEOSSL_{SECTION}__{KEY}</c>, or the settings file's <c>{"Section": {"Key": ...}}</c>.</summary>
    public required string Section { get; init; }

    /// <summary>The long flag, e.g. <c>--batch-size</c>.</summary>
    public required string Flag { get; init; }

    /// <summary>Other spellings of the flag, e.g. <c>-b</c>.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>
    /// The configuration keys read, in order: the property's name, the flag without dashes in PascalCase when that
    /// differs (so <c>--run</c> is also <c>Run</c>), and older spellings kept working; each says whether it means the
    /// opposite of the property (<c>RawTargets</c> for <c>NormalizeTargets</c>).
    /// </summary>
    public required IReadOnlyList<(string Key, bool Inverted)> Keys { get; init; }

    /// <summary>The flag sets the opposite of the property (<c>--raw-targets</c> makes NormalizeTargets false).</summary>
    public bool Inverted { get; init; }

    /// <summary>A string property holding a comma-separated list: the flag may repeat and each value may hold several.</summary>
    public bool CommaList { get; init; }

    /// <summary>Turns a value's text into the property's value (the type's own parser, or the one the verb declared).</summary>
    public required Func<string, string, object?> Convert { get; init; }

    /// <summary>The help line: the property's summary (or the verb's own words) and its default.</summary>
    public required string Help { get; init; }

    /// <summary>The default value, from a fresh record.</summary>
    public object? Default { get; init; }

    /// <summary>The option on the command line (created once, shared by every command the binding is added to).</summary>
    public required Option Option { get; init; }

    /// <summary>True when the setting takes several values (a list property or <see cref="CommaList"/>).</summary>
    public bool IsList => CommaList || SettingValue.IsList(Property.PropertyType, out _);

    /// <summary>True for true/false settings: the flag alone means true.</summary>
    public bool IsSwitch => Property.PropertyType == typeof(bool);

    /// <summary>The environment variable of the property's own key, e.g. <c>VIDEOSSL_PRETRAIN__BATCHSIZE</c>.</summary>
    public string EnvironmentVariable => $"VIDEOSSL_{Section.ToUpperInvariant()}__{Keys[0].Key.ToUpperInvariant()}";

    /// <summary>The setting's value in <paramref name="options"/> (for tests and messages).</summary>
    public object? ValueIn(object options) => Path.Aggregate<PropertyInfo, object?>(options, (o, p) => o is null ? null : p.GetValue(o));
}
