using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace VideoSsl.Cli.Binding;

/// <summary>The XML summaries of the options records' properties, embedded at build time (VideoSsl.Cli.csproj), as help text.</summary>
/// <remarks>
/// The summaries are the one place a setting is described: the build embeds the XML documentation of every referenced
/// VideoSsl project into this assembly, so help reads the same in tests, a local build and a published bundle.
/// </remarks>
public static partial class SettingDocs
{
    private static readonly Lazy<Dictionary<string, string>> Summaries = new(Load);

    /// <summary>The one-paragraph summary of <paramref name="property"/>, or null when it has none.</summary>
    public static string? Summary(PropertyInfo property)
    {
        var type = property.DeclaringType!;
        var docs = Summaries.Value;
        return docs.GetValueOrDefault($"P:{type.FullName}.{property.Name}")
            // Positional record parameters are documented with <param> on the type.
            ?? docs.GetValueOrDefault($"param:{type.FullName}.{property.Name}");
    }

    private static Dictionary<string, string> Load()
    {
        var docs = new Dictionary<string, string>(StringComparer.Ordinal);
        var assembly = typeof(SettingDocs).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("docs/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            foreach (var member in XDocument.Load(stream).Descendants("member"))
            {
                var id = (string?)member.Attribute("name") ?? "";
                if (member.Element("summary") is { } summary)
                {
                    docs[id] = Text(summary);
                }
                if (id.StartsWith("T:", StringComparison.Ordinal))
                {
                    foreach (var parameter in member.Elements("param"))
                    {
                        docs[$"param:{id[2..]}.{(string?)parameter.Attribute("name")}"] = Text(parameter);
                    }
                }
            }
        }
        return docs;
    }

    // Plain text of a doc element: <see cref="T:A.B"/> becomes B, <c>x</c> becomes x, white space is folded.
    private static string Text(XElement element)
    {
        var parts = element.Nodes().Select(node => node switch
        {
            XText text => text.Value,
            XElement { Name.LocalName: "see" or "seealso" } see => ((string?)see.Attribute("cref") ?? (string?)see.Attribute("langword") ?? "").Split('(')[0].Split('.', ':')[^1],
            XElement { Name.LocalName: "paramref" or "typeparamref" } reference => (string?)reference.Attribute("name") ?? "",
            XElement inner => Text(inner),
            _ => "",
        });
        return Spaces().Replace(string.Concat(parts), " ").Trim();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
