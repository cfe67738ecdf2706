using System.Reflection;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;
using VideoSsl.Cloud.Batch;

namespace VideoSsl.Pipelines.Spec;

/// <summary>
/// Reads spec YAML into <see cref="SpecFile"/> with YamlDotNet, after checking its shape against those types: a key
/// that is not one of their fields, or a list or mapping where a value belongs, is a problem with its line.
/// </summary>
internal static class SpecReader
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .WithTypeConverter(new SpecListConverter())
        .Build();

    /// <summary>The file as written; every shape problem is thrown at once, and problems found later are added with their lines.</summary>
    public static SpecFile Read(string yaml, SpecProblems problems)
    {
        YamlNode? root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            root = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
        }
        catch (YamlException e)
        {
            // The scanner reports where it found the problem (a tab, the end of the file) at End, in a token begun at Start.
            // YamlDotNet puts "invalid tab as indentation" at line 1; YAML forbids tabs in indentation, so the first such line it is.
            var line = e.Message.Contains(" tab ", StringComparison.Ordinal) && TabIndented(yaml) is { } tab ? tab
                : e is SyntaxErrorException ? e.End.Line : e.Start.Line;
            var begun = e is SyntaxErrorException && e.Message.Contains("quoted scalar", StringComparison.Ordinal) && e.Start.Line < line
                ? $" (the quote opened on line {e.Start.Line})" : "";
            throw new PipelineSpecException(problems.File, "", (int)line, $"not valid YAML: {e.Message}{begun}");
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails without a position on some unclosed flow collections ("steps: [3, 4" and more lines).
            var (line, problem) = LocateUnreadable(yaml);
            throw new PipelineSpecException(problems.File, "", line, $"not valid YAML: {problem}");
        }
        if (root is not YamlMappingNode)
        {
            throw new PipelineSpecException(problems.File, "", 0, "the file is empty or not a mapping of name, datasets, stages, ...");
        }
        Check(root, typeof(SpecFile), "", problems);
        problems.ThrowIfAny();
        try
        {
            return Deserializer.Deserialize<SpecFile>(yaml);
        }
        catch (YamlException e)
        {
            throw new PipelineSpecException(problems.File, "", (int)e.Start.Line, $"not a pipeline spec: {e.InnerException?.Message ?? e.Message}");
        }
    }

    // The first line indented with a tab, which YAML forbids.
    private static long? TabIndented(string yaml)
    {
        var lines = yaml.Split('\n');
        var index = Array.FindIndex(lines, l => l.Length > l.TrimStart().Length && l[..(l.Length - l.TrimStart().Length)].Contains('\t', StringComparison.Ordinal));
        return index < 0 ? null : index + 1;
    }

    // Replays the parser up to where it fails: the innermost '[' or '{' still open there is the likely cause.
    private static (int Line, string Problem) LocateUnreadable(string yaml)
    {
        // Every open collection, block or flow ('\0' for block), so that each end closes the right one.
        var open = new Stack<(char Bracket, long Line)>();
        long last = 1;
        try
        {
            var parser = new Parser(new StringReader(yaml));
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case SequenceStart sequence:
                        open.Push((sequence.Style == SequenceStyle.Flow ? '[' : '\0', sequence.Start.Line));
                        break;
                    case MappingStart mapping:
                        open.Push((mapping.Style == MappingStyle.Flow ? '{' : '\0', mapping.Start.Line));
                        break;
                    case SequenceEnd or MappingEnd when open.Count > 0:
                        open.Pop();
                        break;
                }
                last = parser.Current?.End.Line ?? last;
            }
        }
        catch (Exception e) when (e is InvalidOperationException or YamlException)
        {
            // Where it stopped is what we wanted.
        }
        if (open.FirstOrDefault(o => o.Bracket != '\0') is not { Bracket: not '\0' } innermost)
        {
            return ((int)last, "cannot be read past this line");
        }
        var closing = innermost.Bracket == '[' ? ']' : '}';
        return ((int)innermost.Line, $"the '{innermost.Bracket}' on this line is never closed (a missing '{closing}' or ',')");
    }

    /// <summary>The keys a mapping of <paramref name="type"/> takes, in the order the type declares them (base type first).</summary>
    public static IReadOnlyList<(string Key, FieldInfo Field)> Keys(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Instance)
            .OrderBy(f => Depth(f.DeclaringType!))
            .Select(f => (CamelCaseNamingConvention.Instance.Apply(f.Name), f))
            .ToList();

    private static int Depth(Type type) => type.BaseType is null ? 0 : 1 + Depth(type.BaseType);

    private static void Check(YamlNode node, Type type, string path, SpecProblems problems)
    {
        if (IsNull(node))
        {
            return;
        }
        problems.Mark(path, node);
        if (type == typeof(string))
        {
            if (node is not YamlScalarNode)
            {
                problems.Add(path, node, "must be a single value, not a list or mapping");
            }
        }
        else if (type == typeof(SpecList))
        {
            CheckList(node, path, problems);
        }
        else if (type == typeof(SettingsFile))
        {
            // A stage's settings: any key (its verb checks them later), each a value or a list of values.
            CheckNamed(node, path, problems, "must be a mapping of settings (the verb's keys, e.g. size: 64)", (value, child) =>
            {
                if (value is YamlMappingNode)
                {
                    problems.Add(child, value, "must be a value or a list, not a mapping (a stage's keys are its verb's settings, e.g. probeEpochs)");
                }
                else
                {
                    Check(value, typeof(SpecList), child, problems);
                }
            });
        }
        else if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            CheckNamed(node, path, problems, "must be a mapping of names to their settings", (value, child) => Check(value, type.GetGenericArguments()[1], child, problems));
        }
        else
        {
            CheckMapping(node, type, path, problems);
        }
    }

    private static void CheckMapping(YamlNode node, Type type, string path, SpecProblems problems)
    {
        var keys = Keys(type);
        var allowed = keys.Select(k => k.Key).ToList();
        if (node is not YamlMappingNode mapping)
        {
            problems.Add(path, node, $"must be a mapping of {string.Join(", ", allowed)}" + ScalarHint(path, node));
            return;
        }
        foreach (var (key, value) in mapping.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            var child = Join(path, name);
            if (keys.FirstOrDefault(k => k.Key == name).Field is not { } field)
            {
                var hint = Closest(name, allowed) is { } close ? $"did you mean '{close}'? " : "";
                problems.Add(child, key, $"unknown key ({hint}expected one of: {string.Join(", ", allowed)})");
                continue;
            }
            problems.Mark(child, key);
            Check(value, field.FieldType, child, problems);
        }
    }

    // A mapping whose keys are names (datasets, a stage's settings): each key's line is marked and its value checked.
    private static void CheckNamed(YamlNode node, string path, SpecProblems problems, string notMapping, Action<YamlNode, string> checkValue)
    {
        if (node is not YamlMappingNode named)
        {
            problems.Add(path, node, notMapping);
            return;
        }
        foreach (var (key, value) in named.Children)
        {
            var child = Join(path, (key as YamlScalarNode)?.Value ?? "");
            problems.Mark(child, key);
            checkValue(value, child);
        }
    }

    private static void CheckList(YamlNode node, string path, SpecProblems problems)
    {
        if (node is YamlScalarNode)
        {
            return; // a single value stands for a one-item list
        }
        if (node is not YamlSequenceNode sequence)
        {
            problems.Add(path, node, "must be a list");
            return;
        }
        if (sequence.Children.Count == 0)
        {
            problems.Add(path, node, "must not be empty");
        }
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            problems.Mark($"{path}[{i}]", sequence.Children[i]);
            if (sequence.Children[i] is not YamlScalarNode)
            {
                problems.Add($"{path}[{i}]", sequence.Children[i], "must be a single value");
            }
        }
    }

    // "schedule: 0 2 * * *" gets the cron explanation, not just "must be a mapping".
    private static string ScalarHint(string path, YamlNode node) =>
        path == "schedule" && node is YamlScalarNode { Value: { } text }
            ? ". " + (BatchRecurrence.TryParseInterval(text, out _, out var error) ? "write it as every: " + text : error)
            : "";

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" };

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    /// <summary>The allowed name closest to <paramref name="name"/> when it is close enough to be a typo, for "did you mean".</summary>
    public static string? Closest(string name, IReadOnlyList<string> allowed)
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

    /// <summary>Reads a <see cref="SpecList"/> from a sequence of values or from one value.</summary>
    private sealed class SpecListConverter : IYamlTypeConverter
    {
        public bool Accepts(Type type) => type == typeof(SpecList);

        public object? ReadYaml(IParser parser, Type type, ObjectDeserializer rootDeserializer)
        {
            if (parser.TryConsume<Scalar>(out var single))
            {
                return single is { Style: ScalarStyle.Plain, Value: "" or "~" or "null" } ? null : new SpecList { single.Value };
            }
            var list = new SpecList { IsSequence = true };
            parser.Consume<SequenceStart>();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                list.Add(parser.Consume<Scalar>().Value);
            }
            return list;
        }

        public void WriteYaml(IEmitter emitter, object? value, Type type, ObjectSerializer serializer) =>
            throw new NotSupportedException("specs are only read");
    }
}
