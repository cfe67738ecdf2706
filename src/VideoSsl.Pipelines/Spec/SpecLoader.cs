using System.Globalization;
using System.Text;
using VideoSsl.Pipelines.Graph;
using VideoSsl.Pipelines.Stages;
using YamlDotNet.RepresentationModel;

namespace VideoSsl.Pipelines.Spec;

/// <summary>Reads a pipeline spec from YAML, strictly: unknown keys, bad values and dangling references are errors naming the file, key and line.</summary>
/// <remarks>
/// YamlDotNet reads the file into <see cref="SpecFile"/> (<see cref="SpecReader"/>); <see cref="SpecValidator"/> checks it
/// in one pass, each stage's settings through the verb that runs the stage, so a value the verb would refuse is refused
/// here, before any stage runs.
/// </remarks>
public static class SpecLoader
{
    /// <summary>Loads and validates a spec file (including its stage graph: references and cycles).</summary>
    /// <param name="verbs">The verbs the stages run, which check the stages' settings (the CLI's).</param>
    public static PipelineSpec LoadFile(string path, IReadOnlyList<IStageVerb> verbs) =>
        File.Exists(path) ? Parse(File.ReadAllText(path), path, verbs) : throw new PipelineSpecException(path, "", 0, "the file does not exist");

    /// <summary>Parses and validates spec text; <paramref name="sourceFile"/> names it in messages.</summary>
    public static PipelineSpec Parse(string yaml, string sourceFile, IReadOnlyList<IStageVerb> verbs)
    {
        var problems = new SpecProblems(sourceFile);
        var spec = SpecValidator.Validate(SpecReader.Read(yaml, problems), yaml, problems, verbs);
        StageGraph.Build(spec); // references and cycles, reported against the spec file
        return spec;
    }

    /// <summary>The spec's YAML, without comments, as base64, for a Batch command line (nodes have no copy of the file).</summary>
    public static string ToBase64(PipelineSpec spec)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(spec.Yaml));
        using var compact = new StringWriter(CultureInfo.InvariantCulture);
        stream.Save(compact, assignAnchors: false);
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(compact.ToString()));
    }

    /// <summary>Parses a spec carried as base64 (see <see cref="ToBase64"/>).</summary>
    public static PipelineSpec FromBase64(string base64, string sourceName, IReadOnlyList<IStageVerb> verbs)
    {
        try
        {
            return Parse(Encoding.UTF8.GetString(Convert.FromBase64String(base64)), sourceName, verbs);
        }
        catch (FormatException)
        {
            throw new PipelineSpecException(sourceName, "", 0, "the spec text is not valid base64");
        }
    }
}
