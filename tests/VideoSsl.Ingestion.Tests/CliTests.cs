using System.Text.Json;
using VideoSsl.Testing;

namespace VideoSsl.Ingestion.Tests;

[Collection(IngestionCollection.Name)]
public sealed class CliTests(SampleVideos samples) : IDisposable
{
    private readonly TempFolder _temp = new("cli");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Json_summary_lists_every_input_and_the_exit_code_tells_quarantine_from_clean()
    {
        var bad = samples.CopyToNewFolder(samples.Bad, "text.mp4", "short.mp4");
        File.Copy(Path.Combine(samples.Good, "h264.mp4"), Path.Combine(bad, "h264.mp4"));
        var (code, stdout, _) = await Cli.RunAsync("ingest", "--source", bad, "--store", _temp["store"], "--json", "--frames", "10", "--size", "32");
        Assert.Equal(2, code);
        using var json = JsonDocument.Parse(stdout);
        var inputs = json.RootElement.GetProperty("inputs").EnumerateArray()
            .ToDictionary(i => i.GetProperty("path").GetString()!, i => i);
        Assert.Equal(3, inputs.Count);
        Assert.Equal("ingested", inputs["h264.mp4"].GetProperty("status").GetString());
        Assert.Equal(4, inputs["h264.mp4"].GetProperty("clips").GetInt32());
        Assert.Equal("quarantined", inputs["text.mp4"].GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(inputs["short.mp4"].GetProperty("reason").GetString()));

        var clean = samples.CopyToNewFolder(samples.Good, "vp9.webm");
        var (cleanCode, cleanOut, _) = await Cli.RunAsync("ingest", "--source", clean, "--store", _temp["store2"], "--dataset", "clean");
        Assert.Equal(0, cleanCode);
        Assert.Contains("1 ingested", cleanOut);
        var (rerunCode, rerunOut, _) = await Cli.RunAsync("ingest", "--source", clean, "--store", _temp["store2"], "--dataset", "clean");
        Assert.Equal(0, rerunCode);
        Assert.Contains("nothing was written", rerunOut);
    }

    [Fact]
    public async Task Bad_options_give_one_clear_line_and_exit_code_1()
    {
        var (code, _, stderr) = await Cli.RunAsync("ingest", "--source", _temp["missing"], "--store", _temp["store"]);
        Assert.Equal(1, code);
        Assert.Contains("does not exist", stderr);
        Assert.DoesNotContain("   at ", stderr);
        (code, _, stderr) = await Cli.RunAsync("ingest", "--source", samples.Good, "--store", _temp["store"], "--size", "3");
        Assert.Equal(1, code);
        Assert.Contains("size: 3 is outside", stderr);
    }

    [Fact]
    public async Task Settings_file_and_environment_are_used_when_no_flag_is_given()
    {
        var source = samples.CopyToNewFolder(samples.Good, "vp9.webm");
        var settings = _temp["videossl.json"];
        await File.WriteAllTextAsync(settings, JsonSerializer.Serialize(new { Store = new { Location = _temp["from-settings"] }, Ingest = new { Dataset = "fromfile", Size = 16 } }));
        var (code, stdout, stderr) = await Cli.RunAsync("ingest", "--settings", settings, "--source", source, "--json");
        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal("fromfile", json.RootElement.GetProperty("dataset").GetString());
        Assert.True(Directory.Exists(Path.Combine(_temp["from-settings"], "datasets", "fromfile")));
    }

    [Theory]
    [InlineData("ingest")]
    [InlineData("synth")]
    [InlineData("pretrain")]
    [InlineData("inspect")]
    [InlineData("bench")]
    public async Task Every_verb_has_help(string verb)
    {
        var (code, stdout, _) = await Cli.RunAsync(verb, "--help");
        Assert.Equal(0, code);
        Assert.Contains("Usage:", stdout);
    }
}
