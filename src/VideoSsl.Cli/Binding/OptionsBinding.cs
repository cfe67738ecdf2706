using System.CommandLine;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using VideoSsl.Cli.Hosting;

namespace VideoSsl.Cli.Binding;

/// <summary>Every options record a verb binds, for tests and documentation.</summary>
public interface IOptionsBinding
{
    /// <summary>The record type.</summary>
    Type OptionsType { get; }

    /// <summary>The configuration section.</summary>
    string Section { get; }

    /// <summary>The settings of the record (a setting per property; nested groups contribute theirs).</summary>
    IReadOnlyList<Setting> Settings { get; }

    /// <summary>Properties that are deliberately not settings, with the reason.</summary>
    IReadOnlyDictionary<string, string> Excluded { get; }

    /// <summary>Builds the record from the parsed command line and the configuration, without the record's own check.</summary>
    object BindObject(Hosting.Settings settings);

    /// <summary>The record's own check of <paramref name="options"/> (a record <see cref="BindObject"/> made): every problem, each naming its setting.</summary>
    IReadOnlyList<string> CheckObject(object options);
}

/// <summary>
/// Binds an options record from the command line, the environment and the settings file: the record is the one
/// declaration of its settings, and every property becomes a flag, an environment variable and a settings-file key.
/// </summary>
/// <remarks>
/// Generic rules, from reflection over the record's settable properties: the flag is the property's name in kebab case
/// (<c>BatchSize</c> → <c>--batch-size</c>); a nullable property is an optional override; a bool is a switch (<c>--flag</c>,
/// or <c>--flag false</c>); a list takes several values, repeated or comma-separated; a property whose type is another
/// record (<c>PretrainOptions.Input</c>) contributes its own properties under the same section. The default is the fresh
/// record's value and the help is the property's XML summary. A flag given wins; else the environment
/// (<c>VIDEOSSL_{SECTION}__{KEY}</c>); else the settings file; else the default. The fluent methods below declare only
/// where a verb departs from these rules (older flag names, inverted switches, custom formats).
/// </remarks>
public sealed partial class OptionsBinding<T> : IOptionsBinding
    where T : class, new()
{
    private readonly Dictionary<string, (string Flag, string[] Aliases)> _flags = [];
    private readonly Dictionary<string, string> _help = [];
    private readonly Dictionary<string, Func<string, string, object?>> _parsers = [];
    private readonly Dictionary<string, Func<object?, string>> _formats = [];
    private readonly Dictionary<string, List<string>> _legacyKeys = [];
    private readonly HashSet<string> _inverted = [];
    private readonly HashSet<string> _commaLists = [];
    private readonly Dictionary<string, string> _excluded = [];
    private readonly Func<T, IReadOnlyList<string>>? _validate;
    private IReadOnlyList<Setting>? _settings;

    /// <param name="section">The configuration section: <c>VIDEOSSL_{SECTION}__{KEY}</c> and the settings file's <c>{"Section": {...}}</c>.</param>
    /// <param name="validate">The record's own check; <see cref="Bind(Hosting.Settings)"/> stops with every problem it finds.</param>
    public OptionsBinding(string section, Func<T, IReadOnlyList<string>>? validate = null)
    {
        Section = section;
        _validate = validate;
    }

    public Type OptionsType => typeof(T);

    public string Section { get; }

    public IReadOnlyDictionary<string, string> Excluded
    {
        get
        {
            _ = Settings; // discovery adds the properties whose type has no text form
            return _excluded;
        }
    }

    public IReadOnlyList<Setting> Settings => _settings ??= Discover();

    /// <summary>Spells the property's flag <paramref name="flag"/> (and <paramref name="aliases"/>) in this verb instead of its generic name (an older flag a verb must keep).</summary>
    public OptionsBinding<T> Flag<TValue>(Expression<Func<T, TValue>> property, string flag, params string[] aliases)
    {
        _flags[PathOf(property)] = (flag, aliases);
        return this;
    }

    /// <summary>The flag <paramref name="flag"/> sets the property to false (a switch whose name says the opposite).</summary>
    public OptionsBinding<T> Invert(Expression<Func<T, bool>> property, string flag, string help)
    {
        var path = PathOf(property);
        _flags[path] = (flag, []);
        _inverted.Add(path);
        _help[path] = help;
        return this;
    }

    /// <summary>The property's values are written as <paramref name="parse"/> reads them and <paramref name="format"/> shows them (e.g. seconds for a TimeSpan).</summary>
    /// <remarks><paramref name="parse"/> throws <see cref="ArgumentException"/> or <see cref="FormatException"/> for bad text; the message is shown with the setting's name.</remarks>
    public OptionsBinding<T> Parse<TValue>(Expression<Func<T, TValue>> property, Func<string, TValue> parse, Func<TValue, string> format)
    {
        var path = PathOf(property);
        _parsers[path] = (text, where) =>
        {
            try
            {
                return parse(text);
            }
            catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
            {
                // "--partition: partition: ..." says the name once.
                var why = e.Message.StartsWith(where.TrimStart('-') + ": ", StringComparison.Ordinal) ? e.Message[(where.TrimStart('-').Length + 2)..] : e.Message;
                throw new UsageException($"{where}: {why}");
            }
        };
        _formats[path] = value => format((TValue)value!);
        return this;
    }

    /// <summary>Replaces the property's summary as its help (when the verb's meaning needs other words).</summary>
    public OptionsBinding<T> Help<TValue>(Expression<Func<T, TValue>> property, string help)
    {
        _help[PathOf(property)] = help;
        return this;
    }

    /// <summary>How the verb's --help says where else its options are read from.</summary>
    public string ConfigurationHelp =>
        $"Every option can also be set as VIDEOSSL_{Section.ToUpperInvariant()}__<NAME> or in the settings file's \"{Section}\" section, <NAME> being the option without dashes (--batch-size: BatchSize).";

    /// <summary>Also reads the property from <paramref name="key"/>, a name older settings files and environments use.</summary>
    public OptionsBinding<T> Key<TValue>(Expression<Func<T, TValue>> property, string key)
    {
        var path = PathOf(property);
        (_legacyKeys.TryGetValue(path, out var keys) ? keys : _legacyKeys[path] = []).Add(key);
        return this;
    }

    /// <summary>A string property holding comma-separated names: the flag may repeat, values are joined with commas.</summary>
    public OptionsBinding<T> CommaList(Expression<Func<T, string>> property)
    {
        _commaLists.Add(PathOf(property));
        return this;
    }

    /// <summary>The property is not a setting (it is derived, or filled by the verb); <paramref name="reason"/> says why.</summary>
    public OptionsBinding<T> Except<TValue>(Expression<Func<T, TValue>> property, string reason)
    {
        _excluded[PathOf(property)] = reason;
        return this;
    }

    /// <summary>Adds every setting's option to <paramref name="command"/> (to its subcommands too when <paramref name="recursive"/>).</summary>
    public Command AddTo(Command command, bool recursive = false)
    {
        foreach (var setting in Settings)
        {
            setting.Option.Recursive = recursive;
            command.Options.Add(setting.Option);
        }
        return command;
    }

    /// <summary>True when the setting's flag was given on the command line (not the environment or the file).</summary>
    public bool FlagGiven<TValue>(ParseResult parse, Expression<Func<T, TValue>> property) =>
        parse.GetResult(SettingOf(property).Option) is { Implicit: false };

    /// <summary>The setting of <paramref name="property"/>.</summary>
    public Setting SettingOf<TValue>(Expression<Func<T, TValue>> property) => Settings.Single(s => PathText(s.Path) == PathOf(property));

    /// <summary>The record's own check (empty without one): every problem, each naming its setting.</summary>
    public IReadOnlyList<string> Check(T options) => _validate?.Invoke(options) ?? [];

    /// <summary>
    /// The record without its own check, reporting each value that cannot be read to <paramref name="problem"/> (that
    /// setting keeps its default) instead of stopping at the first: a pipeline's check of a stage reports them all.
    /// </summary>
    public T Read(Hosting.Settings settings, Action<Setting, string> problem)
    {
        var options = new T();
        foreach (var setting in Settings)
        {
            try
            {
                if (TryRead(setting, settings.Parse, settings.Configuration, out var value))
                {
                    Assign(options, setting.Path, value);
                }
            }
            catch (UsageException e)
            {
                problem(setting, e.Message);
            }
        }
        return options;
    }

    public object BindObject(Hosting.Settings settings) => Read(settings, out _);

    public IReadOnlyList<string> CheckObject(object options) => Check((T)options);

    /// <summary>The record: defaults, overridden by the settings file, the environment and the flags given, in that order.</summary>
    /// <exception cref="UsageException">A value cannot be read as its setting's type.</exception>
    public T Bind(Hosting.Settings settings) => Bind(settings, out _);

    /// <summary>As <see cref="Bind(Hosting.Settings)"/>; <paramref name="given"/> lists the settings that were set rather than defaulted.</summary>
    public T Bind(Hosting.Settings settings, out IReadOnlySet<Setting> given)
    {
        var options = Read(settings, out given);
        UsageException.ThrowIfAny(_validate?.Invoke(options) ?? []);
        return options;
    }

    private T Read(Hosting.Settings settings, out IReadOnlySet<Setting> given)
    {
        var options = new T();
        var set = new HashSet<Setting>();
        foreach (var setting in Settings)
        {
            if (TryRead(setting, settings.Parse, settings.Configuration, out var value))
            {
                Assign(options, setting.Path, value);
                set.Add(setting);
            }
        }
        given = set;
        return options;
    }

    private bool TryRead(Setting setting, ParseResult parse, IConfiguration configuration, out object? value)
    {
        if (parse.GetResult(setting.Option) is { Implicit: false } result)
        {
            var tokens = result.Tokens.Select(t => t.Value).ToArray();
            var text = setting.IsList ? string.Join(',', tokens) : tokens.Length == 0 && setting.IsSwitch ? "true" : tokens.LastOrDefault() ?? "";
            value = Value(setting, text, setting.Flag, setting.Inverted);
            return true;
        }
        foreach (var (key, inverted) in setting.Keys)
        {
            var section = configuration.GetSection(Section).GetSection(key);
            var where = $"{Section}:{key} (environment VIDEOSSL_{Section.ToUpperInvariant()}__{key.ToUpperInvariant()} or settings file)";
            if (section.Value is { } text)
            {
                value = Value(setting, text, where, inverted);
                return true;
            }
            if (setting.IsList && section.Get<string[]>() is { Length: > 0 } items)
            {
                value = Value(setting, string.Join(',', items), where, inverted);
                return true;
            }
        }
        value = null;
        return false;
    }

    private static object? Value(Setting setting, string text, string where, bool inverted)
    {
        var value = setting.Convert(text, where);
        return inverted ? !(bool)value! : value;
    }

    // Sets a (possibly nested) property; a nested record is copied first, so a default instance is never changed in place.
    private static void Assign(object target, IReadOnlyList<PropertyInfo> path, object? value)
    {
        for (var i = 0; i < path.Count - 1; i++)
        {
            var copy = CloneMethod.Invoke(path[i].GetValue(target), null)!;
            path[i].SetValue(target, copy);
            target = copy;
        }
        path[^1].SetValue(target, value);
    }

    private static readonly MethodInfo CloneMethod = typeof(object).GetMethod(nameof(MemberwiseClone), BindingFlags.Instance | BindingFlags.NonPublic)!;
}
