using System.CommandLine;
using System.Linq.Expressions;
using System.Reflection;

namespace VideoSsl.Cli.Binding;

// How OptionsBinding<T> finds a record's settings: reflection over its settable properties, nested records flattened.
public sealed partial class OptionsBinding<T>
{
    private List<Setting> Discover()
    {
        var settings = new List<Setting>();
        Walk(new T(), [], settings);
        var duplicates = settings.SelectMany(s => s.Keys.Select(k => k.Key)).GroupBy(k => k, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        var unknown = _flags.Keys.Concat(_parsers.Keys).Concat(_help.Keys).Concat(_legacyKeys.Keys).Concat(_commaLists).Except(settings.Select(s => PathText(s.Path))).ToList();
        return duplicates.Count > 0 || unknown.Count > 0
            ? throw new InvalidOperationException($"{typeof(T).Name}: keys named twice ({string.Join(", ", duplicates)}) or declarations for no setting ({string.Join(", ", unknown)})")
            : settings;
    }

    private void Walk(object defaults, List<PropertyInfo> prefix, List<Setting> settings)
    {
        foreach (var property in defaults.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0))
        {
            List<PropertyInfo> path = [.. prefix, property];
            var text = PathText(path);
            if (_excluded.ContainsKey(text))
            {
                continue;
            }
            var value = property.GetValue(defaults);
            if (!_parsers.ContainsKey(text) && IsGroup(property.PropertyType) && value is not null)
            {
                Walk(value, path, settings);
                continue;
            }
            if (!_parsers.ContainsKey(text) && !SettingValue.IsScalar(property.PropertyType) && !(SettingValue.IsList(property.PropertyType, out var item) && SettingValue.IsScalar(item)))
            {
                // The program still runs; SettingsBindingTests fails until the verb gives it a format (Parse) or a reason (Except).
                _excluded[text] = $"{SettingValue.Unsupported}: {property.PropertyType.Name} has no text form; declare Parse or Except";
                continue;
            }
            settings.Add(Create(path, value));
        }
    }

    private Setting Create(List<PropertyInfo> path, object? defaultValue)
    {
        var text = PathText(path);
        var property = path[^1];
        var (flag, aliases) = _flags.TryGetValue(text, out var declared) ? declared : SettingNames.For(property.Name);
        var inverted = _inverted.Contains(text);
        var keys = new List<(string, bool)> { (property.Name, false) };
        var flagKey = string.Concat(flag.TrimStart('-').Split('-').Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..]));
        if (!string.Equals(flagKey, property.Name, StringComparison.OrdinalIgnoreCase))
        {
            keys.Add((flagKey, inverted));
        }
        keys.AddRange(_legacyKeys.GetValueOrDefault(text, []).Select(k => (k, false)));
        var parser = _parsers.GetValueOrDefault(text);
        var commaList = _commaLists.Contains(text);
        var list = commaList || SettingValue.IsList(property.PropertyType, out _);
        // A property without a summary still gets its flag; SettingsBindingTests fails until it is documented.
        var summary = _help.GetValueOrDefault(text) ?? SettingDocs.Summary(property) ?? "";
        var shown = inverted ? null : _formats.TryGetValue(text, out var format) ? format(defaultValue) : SettingValue.Format(defaultValue);
        Option option = list
            ? new Option<string[]>(flag, aliases) { Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = true, HelpName = "values" }
            : new Option<string>(flag, aliases)
            {
                Arity = property.PropertyType == typeof(bool) ? ArgumentArity.ZeroOrOne : ArgumentArity.ExactlyOne,
                HelpName = property.PropertyType == typeof(bool) ? "true|false" : "value",
            };
        option.Description = summary + (string.IsNullOrEmpty(shown) || shown == "false" ? "" : $" [default: {shown}]");
        return new Setting
        {
            Path = path,
            Section = Section,
            Flag = flag,
            Aliases = aliases,
            Keys = keys,
            Inverted = inverted,
            CommaList = commaList,
            Convert = parser ?? (commaList
                ? (t, _) => string.Join(',', t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                : (t, where) => SettingValue.Parse(t, property.PropertyType, where)),
            Help = summary,
            Default = defaultValue,
            Option = option,
        };
    }

    // A nested options record (PretrainOptions.Input, IngestOptions.Spec): one of this project's classes, not a value.
    private static bool IsGroup(Type type) =>
        type.IsClass && type != typeof(string) && type.Namespace?.StartsWith("VideoSsl.", StringComparison.Ordinal) == true;

    private static string PathText(IEnumerable<PropertyInfo> path) => string.Join('.', path.Select(p => p.Name));

    private static string PathOf(LambdaExpression property)
    {
        var names = new List<string>();
        for (var e = property.Body; e is MemberExpression member; e = member.Expression!)
        {
            names.Insert(0, member.Member.Name);
        }
        return names.Count > 0 ? string.Join('.', names) : throw new ArgumentException($"{property} does not name a property", nameof(property));
    }
}
