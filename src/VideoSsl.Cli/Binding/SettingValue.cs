using System.Collections;
using System.Globalization;
using VideoSsl.Cli.Hosting;

namespace VideoSsl.Cli.Binding;

/// <summary>Turns the text of a flag, an environment variable or a settings-file value into a setting's value, with one-line errors.</summary>
public static class SettingValue
{
    /// <summary>How a binding's exclusions mark a property left out only because its type has no text form: a test failure, not a decision.</summary>
    public const string Unsupported = "not bindable";

    /// <summary>True for the list types a setting may have (arrays, IReadOnlyList, List); <paramref name="item"/> is the element type.</summary>
    public static bool IsList(Type type, out Type item)
    {
        item = type.IsArray ? type.GetElementType()!
            : type.IsGenericType && type.GetGenericTypeDefinition() is var g && (g == typeof(IReadOnlyList<>) || g == typeof(List<>) || g == typeof(IList<>) || g == typeof(IEnumerable<>))
                ? type.GetGenericArguments()[0]
                : typeof(void);
        return item != typeof(void) && type != typeof(string);
    }

    /// <summary>True for the types a setting's text can become.</summary>
    public static bool IsScalar(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t == typeof(string) || t == typeof(bool) || t == typeof(int) || t == typeof(long) || t == typeof(double) || t.IsEnum;
    }

    /// <summary>Parses <paramref name="text"/> as a <paramref name="type"/>; <paramref name="where"/> names the setting in the error.</summary>
    /// <exception cref="UsageException">The text is not a valid value.</exception>
    public static object? Parse(string text, Type type, string where)
    {
        if (IsList(type, out var item))
        {
            var items = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t => Parse(t, item, where)).ToList();
            var array = Array.CreateInstance(item, items.Count);
            for (var i = 0; i < items.Count; i++)
            {
                array.SetValue(items[i], i);
            }
            return type.IsAssignableFrom(array.GetType()) ? array : Activator.CreateInstance(typeof(List<>).MakeGenericType(item), array);
        }
        var t = Nullable.GetUnderlyingType(type) ?? type;
        text = text.Trim();
        object? value = t switch
        {
            _ when t == typeof(string) => text,
            _ when t == typeof(bool) => bool.TryParse(text, out var b) ? b : null,
            _ when t == typeof(int) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null,
            _ when t == typeof(long) => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : null,
            _ when t == typeof(double) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d : null,
            _ when t.IsEnum => Enum.GetNames(t).FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase)) is { } name ? Enum.Parse(t, name) : null,
            _ => throw new InvalidOperationException($"{where}: settings of type {t.Name} need a parser of their own"),
        };
        return value ?? throw new UsageException($"{where}: '{text}' is not {Expected(t)}.");
    }

    /// <summary>A value as the help and the README show it (lists comma-separated, enums lower-case).</summary>
    public static string Format(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        Enum e => e.ToString().ToLowerInvariant(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable list => string.Join(",", list.Cast<object?>().Select(Format)),
        _ => value.ToString() ?? "",
    };

    private static string Expected(Type t) =>
        t == typeof(bool) ? "true or false"
        : t == typeof(int) || t == typeof(long) ? "a whole number"
        : t == typeof(double) ? "a number"
        : t.IsEnum ? "one of " + string.Join(", ", Enum.GetNames(t).Select(n => n.ToLowerInvariant()))
        : "a " + t.Name;
}
