using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using VideoSsl.Testing;

namespace VideoSsl.Cli.Tests;

/// <summary>Every verb, against a store whose endpoint refuses connections: two lines and exit code 1, never a stack trace.</summary>
public sealed class StoreOutageTests : IDisposable
{
    private readonly TempFolder _temp = new("outage");

    public void Dispose() => _temp.Dispose();

    /// <summary>A connection string to a port on this machine where nothing listens.</summary>
    private static (string ConnectionString, string Container) ClosedStore()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        return ($"DefaultEndpointsProtocol=http;AccountName=gone;AccountKey={key};BlobEndpoint=http://127.0.0.1:{port}/gone;", $"http://127.0.0.1:{port}/gone/store");
    }

    [Fact]
    public async Task Every_verb_names_the_store_the_operation_and_the_cause_and_says_what_was_kept()
    {
        var (store, container) = ClosedStore();
        var videos = _temp["videos"];
        Ffmpeg.Generate(Path.Combine(videos, "a.mp4"), "testsrc=size=64x64:rate=10", 3, "-pix_fmt", "yuv420p");
        var spec = _temp["outage.yaml"];
        await File.WriteAllTextAsync(spec, $$"""
            name: outage
            store: { location: "{{store}}", container: store }
            datasets:
              clips: { source: "{{videos}}" }
            """);
        string[] global = ["--store", store, "--container", "store"];
        var verbs = new Dictionary<string, (string[] Args, string Advice)>
        {
            ["ingest"] = ([.. global, "ingest", "--source", videos, "--dataset", "clips"], "Rerun the same command to finish the rest"),
            ["inspect"] = ([.. global, "inspect", "--dataset", "clips", "--verify"], "inspect writes nothing"),
            ["pretrain"] = ([.. global, "pretrain", "--dataset", "clips", "--steps", "1", "--device", "cpu"], "--resume"),
            ["evaluate"] = ([.. global, "evaluate", "--run", "none", "--future-dataset", "clips", "--device", "cpu"], "Rerun the same command"),
            ["pipeline run"] = (["pipeline", "run", spec], "finished stages are skipped"),
        };

        var runs = await Task.WhenAll(verbs.Select(async v => (Verb: v.Key, v.Value.Advice, Result: await Subprocess.RunAsync(_temp.Path, null, v.Value.Args))));

        foreach (var (verb, advice, (code, stdout, stderr)) in runs)
        {
            var context = $"{verb}: exit {code}\n{stdout}\n{stderr}";
            Assert.True(code == 1, context);
            Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("Unhandled exception", stderr, StringComparison.Ordinal);
            var lines = Subprocess.Messages(stderr);
            Assert.True(lines.Count == 2, context);
            Assert.StartsWith($"error: store {container}: ", lines[0], StringComparison.Ordinal);
            Assert.Contains(" failed: Connection refused", lines[0], StringComparison.Ordinal);
            Assert.Contains("tries)", lines[0], StringComparison.Ordinal);
            Assert.StartsWith("  ", lines[1], StringComparison.Ordinal);
            Assert.Contains(advice, lines[1], StringComparison.Ordinal);
        }
    }
}
