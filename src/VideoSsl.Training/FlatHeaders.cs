using System.Text.Json;
using System.Text.Json.Nodes;

namespace VideoSsl.Training;

/// <summary>
/// Reads checkpoint headers (format 1) written before the input, objective and optimizer settings were nested in
/// <see cref="PretrainOptions"/> and <see cref="TrainingSignature"/>: their flat values move under "input", "objective"
/// and "optimizer", so runs started by earlier builds still resume and evaluate.
/// </summary>
internal static class FlatHeaders
{
    /// <summary>True for the nested settings records, which are migrated and compared member by member.</summary>
    public static bool IsGroup(Type type) => type == typeof(InputOptions) || type == typeof(ObjectiveOptions) || type == typeof(Optimization.AdamWOptions);

    /// <summary>The header JSON with flat settings nested; a header already nested comes back unchanged.</summary>
    public static byte[] Nest(ReadOnlySpan<byte> header)
    {
        if (JsonNode.Parse(header) is not JsonObject root)
        {
            return header.ToArray();
        }
        Nest(root["signature"] as JsonObject, typeof(TrainingSignature));
        Nest(root["options"] as JsonObject, typeof(PretrainOptions));
        return JsonSerializer.SerializeToUtf8Bytes(root);
    }

    private static void Nest(JsonObject? node, Type type)
    {
        foreach (var group in node is null ? [] : type.GetProperties().Where(p => IsGroup(p.PropertyType)))
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(group.Name);
            if (node!.ContainsKey(name))
            {
                continue;
            }
            var nested = new JsonObject();
            foreach (var leaf in group.PropertyType.GetProperties().Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)))
            {
                if (node.Remove(leaf, out var value))
                {
                    nested[leaf] = value;
                }
            }
            node[name] = nested;
        }
    }
}
