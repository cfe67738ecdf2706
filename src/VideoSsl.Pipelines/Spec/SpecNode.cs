using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace VideoSsl.Pipelines.Spec;

/// <summary>Collects spec problems so one load reports all of them.</summary>
internal sealed class SpecErrors(string file)
{
    private readonly List<SpecProblem> _problems = [];

    public string File { get; } = file;

    public int Count => _problems.Count;

    public void Add(string key, YamlNode? node, string message) =>
        _problems.Add(new SpecProblem(File, key, node is null ? 0 : (int)node.Start.Line, message));

    public void ThrowIfAny()
    {
        if (_problems.Count > 0)
        {
            throw new PipelineSpecException(_problems);
        }
    }
}

/// <summary>A YAML mapping read strictly: keys outside the allowed list are errors, values are typed and range-checked.</summary>
internal sealed class SpecNode
{
    private readonly YamlMappingNode _node;
    private readonly SpecErrors _errors;

    private SpecNode(YamlMappingNode node, string path, SpecErrors errors, IReadOnlyList<string> allowed)
    {
        _node = node;
        _errors = errors;
        Path = path;
        foreach (var key in node.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!allowed.Contains(name, StringComparer.Ordinal))
            {
                var hint = Closest(name, allowed) is { } close ? $"did you mean '{close}'? " : "";
                errors.Add(Join(name), key, $"unknown key ({hint}expected one of: {string.Join(", ", allowed)})");
            }
        }
    }

    /// <summary>The dotted path of this mapping ("" for the root).</summary>
    public string Path { get; }

    public SpecErrors Errors => _errors;

    public YamlMappingNode Node => _node;

    /// <summary>Wraps <paramref name="node"/> as a mapping, or reports that it is not one.</summary>
    public static SpecNode? Open(YamlNode? node, string path, SpecErrors errors, params string[] allowed)
    {
        if (node is YamlMappingNode mapping)
        {
            return new SpecNode(mapping, path, errors, allowed);
        }

        if (node is not null && !IsNull(node))
        {
            errors.Add(path, node, $"must be a mapping of {string.Join(", ", allowed)}");
        }

        return null;
    }

    public string Join(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    public YamlNode? Get(string key)
    {
        var value = _node.Children.TryGetValue(new YamlScalarNode(key), out var found) ? found : null;
        return value is null || IsNull(value) ? null : value;
    }

    public YamlNode? KeyNode(string key) => _node.Children.Keys.FirstOrDefault(k => (k as YamlScalarNode)?.Value == key);

    public void Problem(string key, string message) => _errors.Add(Join(key), KeyNode(key) ?? _node, message);

    public SpecNode? Map(string key, params string[] allowed) => Open(Get(key), Join(key), _errors, allowed);

    public string? String(string key, bool required = false)
    {
        var node = Get(key);
        if (node is null)
        {
            if (required)
            {
                _errors.Add(Join(key), _node, "is required");
            }

            return null;
        }

        if (node is YamlScalarNode scalar)
        {
            return scalar.Value;
        }

        _errors.Add(Join(key), node, "must be a single value, not a list or mapping");
        return null;
    }

    public int? Int(string key, int min, int max = int.MaxValue) =>
        Number<int>(key, (string s, NumberStyles n, IFormatProvider p, out int v) => int.TryParse(s, NumberStyles.Integer, p, out v), v => v >= min && v <= max, $"a whole number from {min}{(max == int.MaxValue ? " up" : $" to {max}")}");

    public double? Double(string key, double min, double max) =>
        Number<double>(key, (string s, NumberStyles n, IFormatProvider p, out double v) => double.TryParse(s, n, p, out v) && double.IsFinite(v),
            v => v >= min && v <= max, $"a number from {min} to {max}");

    public bool? Bool(string key)
    {
        var text = String(key);
        return text switch
        {
            null => null,
            "true" => true,
            "false" => false,
            _ => Report<bool?>(key, $"'{text}' is not true or false", null),
        };
    }

    public IReadOnlyList<int>? Ints(string key, int min, int max = int.MaxValue) =>
        List(key, (item, path) =>
        {
            if (int.TryParse(item.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max)
            {
                return (true, v);
            }

            _errors.Add(path, item, $"'{item.Value}' is not a whole number from {min}{(max == int.MaxValue ? " up" : $" to {max}")}");
            return (false, 0);
        });

    public IReadOnlyList<string>? Strings(string key) => List(key, (item, _) => (item.Value is not null, item.Value ?? ""));

    private List<T>? List<T>(string key, Func<YamlScalarNode, string, (bool Ok, T Value)> parse)
    {
        var node = Get(key);
        if (node is null)
        {
            return null;
        }

        // A single value stands for a one-item list ("labelsPerClass: 10").
        var items = node switch
        {
            YamlSequenceNode sequence => sequence.Children.ToList(),
            YamlScalarNode scalar => [scalar],
            _ => null,
        };
        if (items is null)
        {
            _errors.Add(Join(key), node, "must be a list");
            return null;
        }

        var values = new List<T>();
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"{Join(key)}[{i}]";
            if (items[i] is not YamlScalarNode scalar)
            {
                _errors.Add(path, items[i], "must be a single value");
                continue;
            }

            var (ok, value) = parse(scalar, path);
            if (ok)
            {
                values.Add(value);
            }
        }

        if (values.Count == 0)
        {
            _errors.Add(Join(key), node, "must not be empty");
        }

        return values;
    }

    private delegate bool TryParse<T>(string text, NumberStyles styles, IFormatProvider provider, out T value);

    private T? Number<T>(string key, TryParse<T> parse, Func<T, bool> inRange, string expected)
        where T : struct
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        if (parse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && inRange(value))
        {
            return value;
        }

        return Report<T?>(key, $"'{text}' is not {expected}", null);
    }

    private T Report<T>(string key, string message, T result)
    {
        _errors.Add(Join(key), Get(key) ?? _node, message);
        return result;
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: null or "" or "~" or "null" };

    private static string? Closest(string name, IReadOnlyList<string> allowed)
    {
        var best = allowed.Select(a => (a, d: Distance(name.ToLowerInvariant(), a.ToLowerInvariant()))).OrderBy(x => x.d).FirstOrDefault();
        return best.a is not null && best.d <= Math.Max(1, name.Length / 3) ? best.a : null;
    }

    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var previous = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var current = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), previous + (a[i - 1] == b[j - 1] ? 0 : 1));
                previous = current;
            }
        }

        return row[b.Length];
    }
}
