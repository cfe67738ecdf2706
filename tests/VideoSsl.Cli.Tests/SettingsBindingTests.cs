using System.CommandLine;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using VideoSsl.Cli.Binding;
using VideoSsl.Cli.Commands;
using VideoSsl.Cli.Hosting;
using VideoSsl.Testing;

namespace VideoSsl.Cli.Tests;

/// <summary>Every property of every options record can be set from a flag, an environment variable and the settings file, and is in --help.</summary>
[Collection(InProcessCli.Name)] // sets process environment variables: nothing may run beside it
public sealed partial class SettingsBindingTests
{
    /// <summary>Options that are arguments of one command rather than settings of a record (README, Configuration).</summary>
    private static readonly HashSet<string> CommandArguments =
    [
        "--help", "--version", "--settings", "--json", "--out", "--labels",
        "--rerun", "--target", "--dry-run", "--run", "--job", "--once", "--interval", "--spec-base64", "--stage", "--pool", "--device",
    ];

    public static TheoryData<string, string> Settings()
    {
        var data = new TheoryData<string, string>();
        foreach (var (command, binding) in CliApp.Bindings)
        {
            foreach (var setting in binding.Settings)
            {
                data.Add(Verb(command), setting.Flag);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public async Task Setting_is_read_from_its_flag_its_environment_variable_and_the_settings_file_and_shown_in_help(string verb, string flag)
    {
        var (command, binding) = CliApp.Bindings.Single(b => Verb(b.Command) == verb && b.Binding.Settings.Any(s => s.Flag == flag));
        var setting = binding.Settings.Single(s => s.Flag == flag);
        using var output = new TempFolder("synth-out");
        string[] path = command.Length == 0 ? ["inspect"] : command is ["synth", not "moving-mnist"] ? [.. command, "--out", output.Path] : command;
        var (flagText, expected) = Sample(setting);
        var propertyText = setting.Inverted ? SettingValue.Format(expected) : flagText;
        Assert.NotEqual(Json(setting.Default), Json(expected));

        Assert.Equal(Json(expected), Json(setting.ValueIn(Bind(binding, [.. path, flag, flagText]))));

        using (new EnvironmentVariable(setting.EnvironmentVariable, propertyText))
        {
            Assert.Equal(Json(expected), Json(setting.ValueIn(Bind(binding, path))));
        }

        using var temp = new TempFolder("settings");
        object value = setting.IsList ? propertyText.Split(',') : propertyText;
        var file = temp["videossl.json"];
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new Dictionary<string, object> { [binding.Section] = new Dictionary<string, object> { [setting.Keys[0].Key] = value } }));
        Assert.Equal(Json(expected), Json(setting.ValueIn(Bind(binding, [.. path, "--settings", file]))));

        Assert.False(string.IsNullOrWhiteSpace(setting.Help), $"{binding.OptionsType.Name}.{setting.Property.Name} has no <summary>: it is the help of {flag}");
        var help = Spaces().Replace(await HelpAsync(path), " ");
        Assert.Contains(flag, help, StringComparison.Ordinal);
        Assert.Contains(Spaces().Replace(setting.Help, " "), help, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_property_of_every_options_record_is_a_setting_or_excluded_with_a_reason()
    {
        foreach (var (_, binding) in CliApp.Bindings)
        {
            var settings = binding.Settings.Select(s => string.Join('.', s.Path.Select(p => p.Name))).ToHashSet();
            foreach (var path in Properties(binding.OptionsType, ""))
            {
                Assert.True(settings.Contains(path) || binding.Excluded.ContainsKey(path) || settings.Any(s => s.StartsWith(path + ".", StringComparison.Ordinal)),
                    $"{binding.OptionsType.Name}.{path} is neither a setting nor excluded");
            }
            Assert.All(binding.Excluded, excluded => Assert.False(string.IsNullOrWhiteSpace(excluded.Value) || excluded.Value.StartsWith(SettingValue.Unsupported, StringComparison.Ordinal),
                $"{binding.OptionsType.Name}.{excluded.Key}: {excluded.Value}"));
        }
    }

    [Fact]
    public void Every_other_option_of_every_command_is_a_command_argument()
    {
        var bound = CliApp.Bindings.SelectMany(b => b.Binding.Settings).Select(s => s.Option).ToHashSet();
        foreach (var option in Commands(CliApp.Build()).SelectMany(c => c.Options))
        {
            Assert.True(bound.Contains(option) || CommandArguments.Contains(option.Name), $"{option.Name} belongs to no options record and is not a listed command argument");
        }
    }

    [Fact]
    public void A_value_that_is_not_of_its_type_names_the_setting()
    {
        var e = Assert.Throws<UsageException>(() => Bind(PretrainCommand.Binding, ["pretrain", "--batch-size", "eight"]));
        Assert.Equal("--batch-size: 'eight' is not a whole number.", e.Message);
        using (new EnvironmentVariable("VIDEOSSL_PRETRAIN__MASKRATIO", "most"))
        {
            e = Assert.Throws<UsageException>(() => Bind(PretrainCommand.Binding, ["pretrain"]));
        }
        Assert.StartsWith("Pretrain:MaskRatio (environment VIDEOSSL_PRETRAIN__MASKRATIO or settings file): 'most' is not a number", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_out_of_range_is_refused_by_the_records_own_check_naming_the_setting()
    {
        var parse = CliApp.Build().Parse(["pretrain", "--mask-ratio", "1.5", "--batch-size", "0"]);
        var e = Assert.Throws<UsageException>(() => PretrainCommand.Binding.Bind(Hosting.Settings.Load(parse)));
        Assert.Contains("mask-ratio: 1.5 is outside (0, 1)", e.Message, StringComparison.Ordinal);
        Assert.Contains("batch-size: 0 must be at least 1", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Older_names_keep_working_and_a_flag_wins_over_the_environment()
    {
        using (new EnvironmentVariable("VIDEOSSL_PRETRAIN__RAWTARGETS", "true"))
        using (new EnvironmentVariable("VIDEOSSL_PRETRAIN__RUN", "from-env"))
        {
            var options = (Training.PretrainOptions)Bind(PretrainCommand.Binding, ["pretrain", "--dataset", "a", "-d", "b,c"]);
            Assert.False(options.Objective.NormalizeTargets);
            Assert.Equal("from-env", options.RunName);
            Assert.Equal("a,b,c", options.Dataset);
            Assert.Equal("flag", ((Training.PretrainOptions)Bind(PretrainCommand.Binding, ["pretrain", "--run", "flag"])).RunName);
        }
        using (new EnvironmentVariable("VIDEOSSL_INGEST__CLAIMTTLSECONDS", "30"))
        {
            Assert.Equal(TimeSpan.FromSeconds(30), ((Ingestion.IngestOptions)Bind(IngestCommand.Binding, ["ingest"])).ClaimTimeToLive);
        }
    }

    private static object Bind(IOptionsBinding binding, string[] argv)
    {
        var parse = CliApp.Build().Parse(argv);
        Assert.Empty(parse.Errors);
        return binding.BindObject(Hosting.Settings.Load(parse));
    }

    // A value different from the default, as text on the command line, and the value the setting should then hold.
    private static (string Text, object? Expected) Sample(Setting setting)
    {
        var type = Nullable.GetUnderlyingType(setting.Property.PropertyType) ?? setting.Property.PropertyType;
        var text = setting.Property.PropertyType == typeof(bool) ? (setting.Inverted ? "true" : (!(bool)setting.Default!).ToString().ToLowerInvariant())
            : setting.IsList ? (SettingValue.IsList(type, out var item) && item != typeof(string) ? "3,4" : "x-1,x-2")
            : type == typeof(string) ? "x-1"
            : type == typeof(int) || type == typeof(long) ? ((setting.Default is null ? 0 : Convert.ToInt64(setting.Default, System.Globalization.CultureInfo.InvariantCulture)) + 3).ToString(System.Globalization.CultureInfo.InvariantCulture)
            : type == typeof(double) ? ((setting.Default is null ? 0 : (double)setting.Default) + 0.125).ToString(System.Globalization.CultureInfo.InvariantCulture)
            : type == typeof(TimeSpan) ? "90"
            : type == typeof((int, int)) ? "1/3"
            : type.IsEnum ? Enum.GetNames(type).Last(n => !Equals(Enum.Parse(type, n), setting.Default)).ToLowerInvariant()
            : throw new InvalidOperationException($"no sample value for {setting.Flag} ({type.Name})");
        var value = setting.Convert(text, setting.Flag);
        return (text, setting.Inverted ? !(bool)value! : value);
    }

    private static async Task<string> HelpAsync(string[] command)
    {
        var output = new StringWriter();
        var old = Console.Out;
        Console.SetOut(output);
        try
        {
            await CliApp.Build().Parse([.. command, "--help"]).InvokeAsync();
        }
        finally
        {
            Console.SetOut(old);
        }
        return output.ToString();
    }

    private static IEnumerable<string> Properties(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true }))
        {
            yield return prefix + property.Name;
        }
    }

    private static IEnumerable<Command> Commands(Command command) => [command, .. command.Subcommands.SelectMany(Commands)];

    private static string Verb(string[] command) => command.Length == 0 ? "(every verb)" : string.Join(' ', command);

    private static readonly JsonSerializerOptions WithFields = new() { IncludeFields = true };

    private static string Json(object? value) => JsonSerializer.Serialize(value, WithFields);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    private sealed class EnvironmentVariable : IDisposable
    {
        private readonly string _name;
        private readonly string? _old;

        public EnvironmentVariable(string name, string value)
        {
            _name = name;
            _old = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, value);
        }

        public void Dispose() => Environment.SetEnvironmentVariable(_name, _old);
    }
}
