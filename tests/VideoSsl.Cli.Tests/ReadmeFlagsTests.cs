using System.CommandLine;
using System.Text.RegularExpressions;
using VideoSsl.Testing;

namespace VideoSsl.Cli.Tests;

/// <summary>Every flag the READMEs name exists on its verb, as the CLI's own command tree declares it.</summary>
public sealed partial class ReadmeFlagsTests
{
    // README.md sections about one verb: a flag named in their prose belongs to it. Elsewhere a flag must exist on some verb.
    private static readonly Dictionary<string, string> SectionVerbs = new()
    {
        ["Ingestion"] = "ingest",
        ["Synthetic data"] = "synth",
        ["Pretraining"] = "pretrain",
        ["Evaluation"] = "evaluate",
        ["Pipelines"] = "pipeline",
        ["Benchmarks"] = "bench",
    };

    public static TheoryData<string> Readmes() => ["README.md", "pipelines/README.md"];

    [Theory]
    [MemberData(nameof(Readmes))]
    public void Every_flag_the_readme_names_exists_on_its_verb(string readme)
    {
        var root = CliApp.Build();
        var problems = new List<string>();
        var checkedFlags = 0;
        Command? section = null;
        var code = false;
        var lines = File.ReadAllLines(System.IO.Path.Combine(RepoPaths.Root, readme));
        for (var i = 0; i < lines.Length; i++)
        {
            var (line, number) = (lines[i], i + 1);
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                code = !code;
                continue;
            }
            if (code)
            {
                // A command continued on the next line (" \") is one command.
                while (line.TrimEnd().EndsWith('\\') && i + 1 < lines.Length)
                {
                    line = line.TrimEnd()[..^1] + " " + lines[++i];
                }
            }
            else if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                section = SectionVerbs.TryGetValue(line[3..].Trim(), out var verb) ? root.Subcommands.Single(c => c.Name == verb) : null;
            }
            foreach (var span in code ? [line.Split(" # ")[0]] : CodeSpan().Matches(line).Select(m => m.Groups[1].Value))
            {
                var tokens = span.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (Owner(root, section, tokens) is not { } owner)
                {
                    continue; // another program's command line (tensorboard, dotnet, azd)
                }
                foreach (var flag in tokens.Select(t => Flag().Match(t)).Where(m => m.Success).Select(m => m.Value))
                {
                    checkedFlags++;
                    if (!Accepts(owner.Command, flag, owner.OrBelow))
                    {
                        problems.Add($"{readme}:{number}: {flag} is not an option of `videossl {Path(owner.Command)}`{(owner.OrBelow ? " or its subcommands" : "")}");
                    }
                }
            }
        }
        Assert.True(checkedFlags > 20, $"{readme}: only {checkedFlags} flags found; is the parser still reading it?");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void The_check_finds_a_flag_that_does_not_exist()
    {
        var root = CliApp.Build();
        var pretrain = root.Subcommands.Single(c => c.Name == "pretrain");

        Assert.False(Accepts(pretrain, "--tensorboard", orBelow: false));
        Assert.True(Accepts(pretrain, "--tensor-board", orBelow: false));
        Assert.True(Accepts(pretrain, "--store", orBelow: false)); // a global option
        var owner = Owner(root, null, "videossl pipeline submit x.yaml --target batch --dry-run".Split(' '))!.Value;
        Assert.Equal("pipeline submit", Path(owner.Command));
        Assert.True(Accepts(owner.Command, "--dry-run", owner.OrBelow));
        Assert.Null(Owner(root, pretrain, "tensorboard --logdir runs".Split(' ')));
    }

    /// <summary>
    /// The command a span's flags belong to: the one it spells (after <c>videossl</c>, or from its first word, e.g.
    /// "ingest --labels", "submit --dry-run"); for a span of bare flags, the section's verb (or any verb: the root with
    /// everything below it); null for another program's command line.
    /// </summary>
    private static (Command Command, bool OrBelow)? Owner(RootCommand root, Command? section, string[] tokens)
    {
        var start = Array.IndexOf(tokens, "videossl") + 1;
        Command? command = start > 0 ? root : null;
        if (command is null && tokens.Length > 0)
        {
            if (tokens[0].StartsWith("--", StringComparison.Ordinal))
            {
                return section is null ? (root, true) : (section, section.Action is null);
            }
            command = All(root).Where(c => c.Name == tokens[0]).ToList() is [var only] ? only : null;
            start = 1;
        }
        if (command is null)
        {
            return null;
        }
        foreach (var token in tokens.Skip(start).TakeWhile(t => !t.StartsWith('-')))
        {
            if (command.Subcommands.FirstOrDefault(c => c.Name == token) is not { } sub)
            {
                break;
            }
            command = sub;
        }
        // A group (synth, bench, pipeline) takes its subcommands' flags: "synth moving-digits|actions --out".
        return (command, command.Action is null);
    }

    private static bool Accepts(Command command, string flag, bool orBelow)
    {
        bool Named(Option o) => o.Name == flag || o.Aliases.Contains(flag);
        for (var parent = command.Parents.OfType<Command>().FirstOrDefault(); parent is not null; parent = parent.Parents.OfType<Command>().FirstOrDefault())
        {
            if (parent.Options.Any(o => o.Recursive && Named(o)))
            {
                return true;
            }
        }
        return (orBelow ? All(command) : [command]).Any(c => c.Options.Any(Named));
    }

    private static IEnumerable<Command> All(Command command) => [command, .. command.Subcommands.SelectMany(All)];

    private static string Path(Command command) =>
        command.Parents.OfType<Command>().FirstOrDefault() is { } parent and not RootCommand ? $"{Path(parent)} {command.Name}" : command.Name;

    // `...` spans of Markdown prose.
    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex CodeSpan();

    // A whole long flag at the start of a token: "--batch-size", "--partition" of "--partition=i/N", "--run" of "--run,";
    // not "--skipApiVersionCheck" (Azurite's).
    [GeneratedRegex("^--[a-z][a-z0-9-]*(?=$|[=,.;:)])")]
    private static partial Regex Flag();
}
