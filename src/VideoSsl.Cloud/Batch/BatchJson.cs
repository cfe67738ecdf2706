using System.Text.Json;
using System.Text.Json.Serialization;
using System.Xml;

namespace VideoSsl.Cloud.Batch;

/// <summary>JSON settings for the Batch REST contract: camelCase names, nulls omitted, ISO 8601 durations, enum values in lower case.</summary>
public static class BatchJson
{
    /// <summary>Serializer options matching the Batch data-plane contract.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        };
        options.Converters.Add(new Iso8601DurationConverter());
        options.Converters.Add(new JsonStringEnumConverter(new LowerCaseNamingPolicy()));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>The contract's enum values are the member names in lower case ("terminatejob" for TerminateJob).</summary>
    private sealed class LowerCaseNamingPolicy : JsonNamingPolicy
    {
        public override string ConvertName(string name) => name.ToLowerInvariant();
    }

    /// <summary>Writes <see cref="TimeSpan"/> as an ISO 8601 duration ("PT1H"), the contract's <c>format: duration</c>.</summary>
    private sealed class Iso8601DurationConverter : JsonConverter<TimeSpan>
    {
        public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            XmlConvert.ToTimeSpan(reader.GetString() ?? throw new JsonException("A duration must be a string."));

        public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
            writer.WriteStringValue(XmlConvert.ToString(value));
    }
}
