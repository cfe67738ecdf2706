namespace VideoSsl.Pipelines.Stages;

/// <summary>
/// A verb as a pipeline stage runs it: its words, the flags that take what the pipeline fills in, and the check of the
/// settings a spec gives it. The CLI implements it over the verb's own options record (VideoSsl.Cli.Stages), so that
/// record stays the one declaration of every setting and this project needs none of the verbs' libraries.
/// </summary>
public interface IStageVerb
{
    /// <summary>The verb's words on the command line, e.g. <c>["synth", "actions"]</c>.</summary>
    IReadOnlyList<string> Command { get; }

    /// <summary>The keys a spec may give this verb: each setting's flag without dashes in camelCase (<c>--batch-size</c>: <c>batchSize</c>).</summary>
    IReadOnlyList<string> Keys { get; }

    /// <summary>The label layout of the videos the verb writes (a synthetic generator's), or null.</summary>
    string? LabelsWritten { get; }

    /// <summary>True when <paramref name="key"/> names one of the verb's settings the spec may give (any spelling its settings file takes, in any case).</summary>
    bool Takes(string key);

    /// <summary>The spec key of the setting that takes <paramref name="input"/>, or null when a spec does not give it.</summary>
    string? Key(StageInput input);

    /// <summary>The flag that takes <paramref name="input"/>, or null when the verb has none.</summary>
    string? Flag(StageInput input);

    /// <summary>
    /// Checks the spec's <paramref name="settings"/> as the verb would check its command line, together with the values
    /// the pipeline fills in: the argv the stage runs, every problem at the spec key it concerns, and the values the
    /// pipeline reads back (a setting's default where the spec gives none).
    /// </summary>
    StageCommand Bind(IReadOnlyList<StageValue> filled, IReadOnlyList<SpecSetting> settings);
}

/// <summary>One setting of a stage as the spec writes it: the key, the value (or a list's items), and the dotted key for messages.</summary>
public sealed record SpecSetting(string Key, string Path, IReadOnlyList<string> Values, bool IsList)
{
    /// <summary>The value as a command line writes it: a list's items joined with commas.</summary>
    public string Text => string.Join(',', Values);
}

/// <summary>A value the pipeline fills into a stage's command line (a list gives the flag once per item), and the spec key it comes from.</summary>
/// <param name="Path">The dotted spec key the value comes from, for messages; null when the pipeline makes it up.</param>
public sealed record StageValue(StageInput Input, IReadOnlyList<string> Values, string? Path = null)
{
    public StageValue(StageInput input, string value, string? path = null)
        : this(input, [value], path)
    {
    }
}

/// <summary>One problem with a stage's settings, as the verb words it.</summary>
/// <param name="Path">The dotted spec key it concerns; null for the stage as a whole.</param>
public sealed record StageProblem(string? Path, string Message);

/// <summary>What a verb made of a stage's settings: its command line, the problems, and what the pipeline reads back.</summary>
/// <param name="Argv">The verb's words, the filled values and the spec's settings as flags.</param>
/// <param name="Values">The bound value of each input the verb maps to one of its settings, as the command line writes it (null: unset).</param>
/// <param name="GivenAt">The inputs whose setting the spec gave, with the dotted key it gave it at.</param>
public sealed record StageCommand(IReadOnlyList<string> Argv, IReadOnlyList<StageProblem> Problems, IReadOnlyDictionary<StageInput, string?> Values, IReadOnlyDictionary<StageInput, string> GivenAt);

/// <summary>A stage's command line as the spec and its verb agreed on it, and the flags of what is added per run or per task (partition, steps, resume, device).</summary>
public sealed record StageArgs(IReadOnlyList<string> Argv, IReadOnlyDictionary<StageInput, string> Flags)
{
    /// <summary>The command line and every flag the verb maps an input to.</summary>
    public static StageArgs From(IStageVerb verb, StageCommand command) =>
        new(command.Argv, Enum.GetValues<StageInput>().Where(i => verb.Flag(i) is not null).ToDictionary(i => i, i => verb.Flag(i)!));
}
