using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;

namespace VideoSsl.Cloud.Tests.Contract;

/// <summary>Checks a JSON body against the trimmed BatchService.json definitions: names, JSON types, formats, enums, required.</summary>
public static class ContractSchema
{
    private static readonly JsonObject Definitions = Load("BatchService.definitions.trimmed.json")["definitions"]!.AsObject();

    public static JsonNode Load(string resource)
    {
        var assembly = typeof(ContractSchema).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith(resource, StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(name)!;
        return JsonNode.Parse(stream)!;
    }

    /// <summary>Returns every mismatch as "path: problem"; empty means the body follows the contract.</summary>
    public static IReadOnlyList<string> Check(JsonNode? body, string definition)
    {
        var problems = new List<string>();
        CheckDefinition(body, Definitions[definition] ?? throw new ArgumentException(definition), "$", problems);
        return problems;
    }

    private static void CheckDefinition(JsonNode? node, JsonNode schema, string path, List<string> problems)
    {
        if (schema["$ref"] is JsonNode reference)
        {
            var target = reference.GetValue<string>().Replace("#/definitions/", "", StringComparison.Ordinal);
            CheckDefinition(node, Definitions[target] ?? throw new ArgumentException(target), path, problems);
            return;
        }

        if (schema["properties"] is JsonObject properties)
        {
            if (node is not JsonObject obj)
            {
                problems.Add($"{path}: expected an object");
                return;
            }

            foreach (var (name, value) in obj)
            {
                if (properties[name] is not JsonNode propertySchema)
                {
                    problems.Add($"{path}.{name}: not in the contract");
                    continue;
                }

                CheckDefinition(value, propertySchema, $"{path}.{name}", problems);
            }

            foreach (var required in schema["required"]?.AsArray().Select(r => r!.GetValue<string>()) ?? [])
            {
                if (!obj.ContainsKey(required))
                {
                    problems.Add($"{path}.{required}: required but missing");
                }
            }

            return;
        }

        CheckValue(node, schema, path, problems);
    }

    private static void CheckValue(JsonNode? node, JsonNode schema, string path, List<string> problems)
    {
        var type = schema["type"]?.GetValue<string>();
        var kind = node?.GetValueKind();
        switch (type)
        {
            case "string" when kind != JsonValueKind.String:
            case "boolean" when kind is not (JsonValueKind.True or JsonValueKind.False):
            case "integer" when kind != JsonValueKind.Number || !node!.AsValue().TryGetValue<long>(out _):
            case "array" when kind != JsonValueKind.Array:
                problems.Add($"{path}: expected {type}, got {kind}");
                return;
        }

        if (type == "array")
        {
            var items = node!.AsArray();
            if (schema["maxItems"]?.GetValue<int>() is { } max && items.Count > max)
            {
                problems.Add($"{path}: {items.Count} items, contract allows {max}");
            }

            for (var i = 0; i < items.Count; i++)
            {
                CheckDefinition(items[i], schema["items"]!, $"{path}[{i}]", problems);
            }

            return;
        }

        if (type != "string")
        {
            return;
        }

        var text = node!.GetValue<string>();
        if (schema["enum"] is JsonArray values && !values.Any(v => v!.GetValue<string>() == text))
        {
            problems.Add($"{path}: '{text}' is not one of {values.ToJsonString()}");
        }

        var valid = schema["format"]?.GetValue<string>() switch
        {
            "duration" => TryDuration(text),
            "date-time" => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _),
            "uri" => Uri.TryCreate(text, UriKind.Absolute, out _),
            _ => true,
        };
        if (!valid)
        {
            problems.Add($"{path}: '{text}' does not match format {schema["format"]}");
        }
    }

    private static bool TryDuration(string text)
    {
        try
        {
            XmlConvert.ToTimeSpan(text);
            return text.StartsWith('P');
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
