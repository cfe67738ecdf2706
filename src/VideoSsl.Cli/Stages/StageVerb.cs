using System.CommandLine;
using System.CommandLine.Parsing;
using System.Linq.Expressions;
using VideoSsl.Cli.Binding;
using VideoSsl.Cli.Hosting;
using VideoSsl.Pipelines.Stages;

namespace VideoSsl.Cli.Stages;

/// <summary>
/// A verb as a pipeline stage runs it, declared over the verb's own options record: the spec's keys are the record's
/// settings, checked by parsing the stage's command line as the verb does and running the record's own check.
/// </summary>
/// <remarks>
/// The declaration says only what the pipeline fills in (<see cref="Fills{TValue}"/>) or must know (<see cref="Knows{TValue}"/>);
/// every other setting of the record is a key the spec may give, with the flag, parser and check the verb itself uses.
/// </remarks>
public sealed class StageVerb<T> : IStageVerb
    where T : class, new()
{
    private readonly OptionsBinding<T> _binding;
    private readonly Dictionary<StageInput, Input> _inputs = [];
    private readonly Lazy<RootCommand> _root = new(() => CliApp.Build());

    /// <param name="command">The verb's words.</param>
    /// <param name="binding">The verb's binding of its options record.</param>
    public StageVerb(IReadOnlyList<string> command, OptionsBinding<T> binding)
    {
        Command = command;
        _binding = binding;
    }

    public IReadOnlyList<string> Command { get; }

    public string? LabelsWritten { get; private set; }

    public IReadOnlyList<string> Keys => [.. _binding.Settings.Where(s => !IsFilled(s)).Select(SpecKey)];

    /// <summary>The pipeline fills <paramref name="input"/> into <paramref name="property"/>'s setting; a spec may not set it.</summary>
    public StageVerb<T> Fills<TValue>(StageInput input, Expression<Func<T, TValue>> property)
    {
        var setting = _binding.SettingOf(property);
        _inputs[input] = new Input(setting.Flag, setting, Filled: true, null);
        return this;
    }

    /// <summary>The pipeline fills <paramref name="input"/> into one of the command's own options (outside the record); <paramref name="parse"/> is how the verb reads it.</summary>
    public StageVerb<T> Fills(StageInput input, Option option, Func<string, object?>? parse = null)
    {
        _inputs[input] = new Input(option.Name, null, Filled: true, parse);
        return this;
    }

    /// <summary>A spec may set <paramref name="property"/>; the pipeline reads its value (or default) as <paramref name="input"/>, or adds it later.</summary>
    public StageVerb<T> Knows<TValue>(StageInput input, Expression<Func<T, TValue>> property)
    {
        var setting = _binding.SettingOf(property);
        _inputs[input] = new Input(setting.Flag, setting, Filled: false, null);
        return this;
    }

    /// <summary>The verb's videos come with labels in <paramref name="layout"/>.</summary>
    public StageVerb<T> Writes(string layout)
    {
        LabelsWritten = layout;
        return this;
    }

    public bool Takes(string key) => Find(key).Setting is not null;

    public string? Key(StageInput input) => _inputs.GetValueOrDefault(input)?.Setting is { } setting ? SpecKey(setting) : null;

    public string? Flag(StageInput input) => _inputs.GetValueOrDefault(input)?.Flag;

    public StageCommand Bind(IReadOnlyList<StageValue> filled, IReadOnlyList<SpecSetting> settings)
    {
        var problems = new List<StageProblem>();
        var given = new List<Given>();
        foreach (var spec in settings)
        {
            var (setting, inverted) = Find(spec.Key);
            if (setting is null)
            {
                problems.Add(new(spec.Path, $"is not a setting of `{string.Join(' ', Command)}`"));
            }
            else if (IsFilled(setting))
            {
                problems.Add(new(spec.Path, $"is the pipeline's to set ({setting.Flag} comes from the spec's datasets, names and stages)"));
            }
            else if (spec.IsList && !setting.IsList)
            {
                problems.Add(new(spec.Path, "must be a single value, not a list"));
            }
            else
            {
                given.RemoveAll(g => g.Setting == setting); // the later of two values wins, as on a command line
                given.Add(new Given(spec, setting, Negate: inverted != setting.Inverted));
            }
        }

        var argv = Argv(filled, given);
        var (options, unreadable) = Read(argv);
        foreach (var (option, message) in unreadable)
        {
            var at = given.FirstOrDefault(g => g.Setting.Option == option);
            problems.Add(new(at?.Spec.Path ?? filled.FirstOrDefault(f => Flag(f.Input) == option?.Name)?.Path, Reason(message, option?.Name)));
        }
        foreach (var value in filled.Where(f => _inputs[f.Input].Parse is not null))
        {
            problems.AddRange(value.Values.Select(v => Refusal(() => _inputs[value.Input].Parse!(v))).OfType<string>().Select(m => new StageProblem(value.Path, Reason(m, null))));
        }
        foreach (var message in _binding.Check(options))
        {
            // The setting whose value brings the problem: without it the check no longer says so.
            var at = given.FirstOrDefault(g => !_binding.Check(Read(Argv(filled, given.Where(o => o != g).ToList())).Options).Contains(message));
            problems.Add(new(at?.Spec.Path, Reason(message, at?.Setting.Flag)));
        }

        var values = _inputs.Where(i => i.Value.Setting is not null).ToDictionary(i => i.Key, i => i.Value.Setting!.ValueIn(options) is { } v ? SettingValue.Format(v) : null);
        var givenAt = _inputs.Where(i => given.Any(g => g.Setting == i.Value.Setting)).ToDictionary(i => i.Key, i => given.First(g => g.Setting == i.Value.Setting).Spec.Path);
        return new StageCommand(argv, problems, values, givenAt);
    }

    // The verb's words, what the pipeline fills (a list gives the flag once per item), then the spec's settings.
    private List<string> Argv(IReadOnlyList<StageValue> filled, IReadOnlyList<Given> given) =>
    [
        .. Command,
        .. filled.SelectMany(f => f.Values.SelectMany(v => new[] { Flag(f.Input) ?? throw new InvalidOperationException($"`{string.Join(' ', Command)}` takes no {f.Input}."), v })),
        .. given.SelectMany(g => new[] { g.Setting.Flag, g.Negate ? Negated(g.Spec.Text) : g.Spec.Text }),
    ];

    // Parses the command line as the CLI does, and reads the record from it alone (no environment, no settings file).
    private (T Options, List<(Option? Option, string Message)> Unreadable) Read(IReadOnlyList<string> argv)
    {
        var parse = _root.Value.Parse([.. argv]);
        var unreadable = parse.Errors.Select(e => ((e.SymbolResult as OptionResult)?.Option, e.Message)).ToList();
        var options = _binding.Read(Hosting.Settings.CommandLineOnly(parse), (setting, message) => unreadable.Add((setting.Option, message)));
        return (options, unreadable);
    }

    private static string? Refusal(Action parse)
    {
        try
        {
            parse();
            return null;
        }
        catch (Exception e) when (e is UsageException or ArgumentException or FormatException)
        {
            return e.Message;
        }
    }

    // The verb's message without the flag it starts with: the spec's key and line say which setting it is.
    private static string Reason(string message, string? flag)
    {
        foreach (var prefix in new[] { flag, flag?.TrimStart('-') }.OfType<string>().Select(p => p + ": "))
        {
            if (message.StartsWith(prefix, StringComparison.Ordinal))
            {
                return message[prefix.Length..];
            }
        }
        return message.StartsWith("--", StringComparison.Ordinal) && message.IndexOf(": ", StringComparison.Ordinal) is > 2 and var colon && !message[..colon].Contains(' ', StringComparison.Ordinal)
            ? message[(colon + 2)..]
            : message;
    }

    private static string Negated(string text) => bool.TryParse(text, out var value) ? (!value).ToString().ToLowerInvariant() : text;

    private (Setting? Setting, bool Inverted) Find(string key)
    {
        foreach (var setting in _binding.Settings)
        {
            foreach (var (name, inverted) in setting.Keys)
            {
                if (string.Equals(name, key, StringComparison.OrdinalIgnoreCase))
                {
                    return (setting, inverted);
                }
            }
        }
        return (null, false);
    }

    private bool IsFilled(Setting setting) => _inputs.Values.Any(i => i.Filled && i.Setting == setting);

    // The flag without dashes in camelCase: --batch-size is batchSize, as the settings file names it (in any case).
    private static string SpecKey(Setting setting)
    {
        var words = setting.Flag.TrimStart('-').Split('-');
        return words[0] + string.Concat(words.Skip(1).Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..]));
    }

    private sealed record Input(string Flag, Setting? Setting, bool Filled, Func<string, object?>? Parse);

    private sealed record Given(SpecSetting Spec, Setting Setting, bool Negate);
}
