using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace VideoSsl.Infra.Tests;

/// <summary>Finds resources in a compiled ARM template, descending into nested module deployments.</summary>
internal static partial class ArmResources
{
    /// <summary>A resource with the (possibly nested) template that declares it, for resolving its variables.</summary>
    public sealed record Found(JsonNode Resource, JsonNode Template)
    {
        public JsonNode? this[string key] => Resource[key];

        /// <summary>Follows "[variables('x')]" references to the declaring template's variable.</summary>
        public JsonNode? Resolve(JsonNode? node)
        {
            while (node is JsonValue value && value.TryGetValue<string>(out var text) && VariableReference().Match(text) is { Success: true } match)
            {
                node = Template["variables"]?[match.Groups[1].Value];
            }

            return node;
        }
    }

    public static IEnumerable<Found> OfType(JsonNode template, string type) =>
        All(template).Where(f => string.Equals(f.Resource["type"]?.GetValue<string>(), type, StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<Found> All(JsonNode template)
    {
        // languageVersion 2.0 templates keep resources in an object keyed by symbolic name; 1.0 in an array.
        var resources = template["resources"] switch
        {
            JsonArray array => array.OfType<JsonNode>(),
            JsonObject map => map.Select(p => p.Value).OfType<JsonNode>(),
            _ => [],
        };
        foreach (var resource in resources)
        {
            yield return new Found(resource, template);
            if (resource["properties"]?["template"] is JsonNode nested)
            {
                foreach (var inner in All(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    [GeneratedRegex(@"^\[variables\('([^']+)'\)\]$")]
    private static partial Regex VariableReference();
}
