using System.CommandLine;
using Microsoft.Extensions.Configuration;

namespace VideoSsl.Cli.Hosting;

/// <summary>Where settings come from besides the flags: the environment (VIDEOSSL_*) over the settings file; options records are bound from it by <see cref="Binding.OptionsBinding{T}"/>.</summary>
/// <remarks>
/// The settings file is <c>videossl.json</c> in the working directory, or the file named by <c>--settings</c> or
/// <c>VIDEOSSL_SETTINGS</c>. Keys are section:name, e.g. <c>{"Store": {"Location": "data/store"}, "Ingest": {"Workers": 2}}</c>;
/// the environment form is <c>VIDEOSSL_STORE__LOCATION</c>.
/// </remarks>
public sealed class Settings
{
    private Settings(ParseResult parse, IConfiguration configuration)
    {
        Parse = parse;
        Configuration = configuration;
    }

    /// <summary>The parsed command line.</summary>
    public ParseResult Parse { get; }

    /// <summary>The environment (VIDEOSSL_*) over the settings file.</summary>
    public IConfiguration Configuration { get; }

    /// <summary>Loads the configuration for a parsed command line; a named settings file that is missing is an error.</summary>
    public static Settings Load(ParseResult parse)
    {
        var named = parse.GetValue(GlobalOptions.SettingsFile) ?? Environment.GetEnvironmentVariable("VIDEOSSL_SETTINGS");
        if (named is not null && !File.Exists(named))
        {
            throw new UsageException($"Settings file '{named}' does not exist.");
        }
        var builder = new ConfigurationBuilder();
        var file = named ?? Path.Combine(Directory.GetCurrentDirectory(), "videossl.json");
        if (File.Exists(file))
        {
            builder.AddJsonFile(Path.GetFullPath(file), optional: false, reloadOnChange: false);
        }
        builder.AddEnvironmentVariables("VIDEOSSL_");
        try
        {
            return new Settings(parse, builder.Build());
        }
        catch (InvalidDataException e)
        {
            throw new UsageException($"Settings file '{file}' is not valid JSON: {e.Message}");
        }
    }

    /// <summary>The command line alone, without the environment or a settings file (what a pipeline stage's check reads).</summary>
    public static Settings CommandLineOnly(ParseResult parse) => new(parse, new ConfigurationBuilder().Build());

    /// <summary>For options outside a record (the Batch account's): the flag's value if it was given, else the configuration key's, else the option's default.</summary>
    public T Get<T>(Option<T> option, string key)
    {
        var result = Parse.GetResult(option);
        if (result is { Implicit: false })
        {
            return Parse.GetValue(option)!;
        }
        var configured = Configuration[key];
        if (configured is not null)
        {
            try
            {
                var section = new ConfigurationBuilder().AddInMemoryCollection([new("v", configured)]).Build();
                return section.GetValue<T>("v")!;
            }
            catch (InvalidOperationException)
            {
                throw new UsageException($"Setting {key} = '{configured}' is not a valid {typeof(T).Name}.");
            }
        }
        return Parse.GetValue(option)!;
    }
}

/// <summary>A mistake in how the program was called: printed as one line, exit code 1.</summary>
public sealed class UsageException(string message) : Exception(message)
{
    /// <summary>Throws one exception listing every problem (each names its setting) when there are any.</summary>
    public static void ThrowIfAny(IReadOnlyList<string> problems)
    {
        if (problems.Count > 0)
        {
            throw new UsageException(string.Join("; ", problems));
        }
    }
}
