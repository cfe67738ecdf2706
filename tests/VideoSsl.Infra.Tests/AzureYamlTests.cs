using YamlDotNet.RepresentationModel;

namespace VideoSsl.Infra.Tests;

public sealed class AzureYamlTests
{
    private static YamlMappingNode Root()
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(InfraPaths.RepoRoot, "azure.yaml"));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static YamlNode At(YamlNode node, params string[] path) =>
        path.Aggregate(node, (current, key) => ((YamlMappingNode)current).Children[new YamlScalarNode(key)]);

    [Fact]
    public void Names_the_project_and_the_bicep_infra_folder()
    {
        var root = Root();

        Assert.Equal("videossl", At(root, "name").ToString());
        Assert.Equal("bicep", At(root, "infra", "provider").ToString());
        Assert.Equal("infra", At(root, "infra", "path").ToString());
        Assert.True(File.Exists(Path.Combine(InfraPaths.RepoRoot, At(root, "infra", "path").ToString(), "main.bicep")));
    }

    [Theory]
    [InlineData("posix", "sh")]
    [InlineData("windows", "pwsh")]
    public void Postprovision_hook_scripts_exist(string platform, string shell)
    {
        var hook = At(Root(), "hooks", "postprovision", platform);

        Assert.Equal(shell, At(hook, "shell").ToString());
        var script = Path.GetFullPath(Path.Combine(InfraPaths.RepoRoot, At(hook, "run").ToString()));
        Assert.True(File.Exists(script), script);
        Assert.StartsWith(Path.Combine(InfraPaths.RepoRoot, "infra", "hooks"), script, StringComparison.Ordinal);

        var text = File.ReadAllText(script);
        Assert.Contains("--self-contained", text, StringComparison.Ordinal);
        Assert.Contains("--auth-mode login", text, StringComparison.Ordinal);
        Assert.Contains("pipeline schedule", text, StringComparison.Ordinal);
    }
}
