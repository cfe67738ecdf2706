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
        Assert.Contains("--auth-mode login", text, StringComparison.Ordinal);
        Assert.Contains("pipeline schedule", text, StringComparison.Ordinal);
        Assert.Contains("videossl-linux-x64-cuda.zip", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Both_hooks_publish_with_the_flags_of_eng_publish_bundle()
    {
        // The posix hook runs the script; the windows one repeats its publish command, which must not drift from it.
        var script = File.ReadAllText(Path.Combine(InfraPaths.RepoRoot, "eng", "publish-bundle.sh"));
        var posix = File.ReadAllText(Path.Combine(InfraPaths.Infra, "hooks", "postprovision.sh"));
        var windows = File.ReadAllText(Path.Combine(InfraPaths.Infra, "hooks", "postprovision.ps1"));

        Assert.Contains("eng/publish-bundle.sh\" cpu", posix, StringComparison.Ordinal);
        Assert.Contains("eng/publish-bundle.sh\" gpu", posix, StringComparison.Ordinal);
        foreach (var flag in new[] { "-r linux-x64 --self-contained", "-p:TorchSharpWeakenGlibcxx=true", "-p:TorchRuntime=", "-p:VideoSslBundle=" })
        {
            Assert.Contains(flag, script, StringComparison.Ordinal);
            Assert.Contains(flag.Replace("-p:TorchRuntime=", "\"-p:TorchRuntime=", StringComparison.Ordinal).Replace("-p:VideoSslBundle=", "\"-p:VideoSslBundle=", StringComparison.Ordinal), windows, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("true", 1)]
    [InlineData("false", 0)]
    [InlineData("", 0)]
    public async Task Preprovision_refuses_the_retired_low_priority_switch_before_anything_is_deployed(string value, int exitCode)
    {
        var hook = At(Root(), "hooks", "preprovision", "posix");
        var start = new System.Diagnostics.ProcessStartInfo("sh") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = InfraPaths.RepoRoot };
        start.ArgumentList.Add(At(hook, "run").ToString());
        start.Environment["VIDEOSSL_USE_LOW_PRIORITY"] = value;

        using var process = System.Diagnostics.Process.Start(start)!;
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(exitCode, process.ExitCode);
        if (exitCode != 0)
        {
            Assert.Contains("retired low-priority nodes for Batch-managed accounts on 30 September 2025", stderr, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(InfraPaths.RepoRoot, "infra", "hooks", "preprovision.ps1")));
        }
    }
}
