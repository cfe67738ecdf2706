using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using VideoSsl.Storage;

namespace VideoSsl.Testing;

/// <summary>A real Azurite blob service for the tests: started on a free port, in memory, stopped at the end.</summary>
/// <remarks>
/// Azurite is installed into the repo (.tools/) by the test script. The account and its key are made up per run
/// (AZURITE_ACCOUNTS), so no key is written anywhere in the code.
/// </remarks>
public sealed partial class AzuriteFixture : IAsyncDisposable, IDisposable
{
    private const string Account = "videossltest";
    private readonly Process _process;

    public AzuriteFixture()
    {
        var binary = Path.Combine(RepoPaths.Root, ".tools", "node_modules", ".bin", "azurite-blob");
        if (!File.Exists(binary))
        {
            throw new InvalidOperationException($"Azurite is not installed at {binary}; run `bash eng/test.sh` (it installs it with npm).");
        }
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--blobHost", "127.0.0.1", "--blobPort", "0", "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--disableProductStyleUrl", "--disableTelemetry" })
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["AZURITE_ACCOUNTS"] = $"{Account}:{key}";
        _process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        var port = WaitForPort();
        BlobEndpoint = $"http://127.0.0.1:{port}/{Account}";
        ConnectionString = $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={key};BlobEndpoint={BlobEndpoint};";
    }

    /// <summary>The blob endpoint, e.g. http://127.0.0.1:41234/videossltest.</summary>
    public string BlobEndpoint { get; }

    /// <summary>A connection string for the made-up account.</summary>
    public string ConnectionString { get; }

    /// <summary>A store on a fresh container.</summary>
    public IBlobStore NewStore(string? container = null) =>
        BlobStoreFactory.Create(NewOptions(container));

    /// <summary>Store options pointing at a fresh container.</summary>
    public StoreOptions NewOptions(string? container = null) =>
        new() { Location = ConnectionString, Container = container ?? $"t{Guid.NewGuid():N}"[..30] };

    private int WaitForPort()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var read = _process.StandardOutput.ReadLineAsync();
            if (!read.Wait(TimeSpan.FromSeconds(60)))
            {
                break;
            }
            var line = read.Result;
            if (line is null)
            {
                throw new InvalidOperationException("Azurite exited before listening: " + _process.StandardError.ReadToEnd());
            }
            var match = ListeningAt().Match(line);
            if (match.Success)
            {
                // Keep draining output so Azurite never blocks on a full pipe.
                _ = Task.Run(() => _process.StandardOutput.BaseStream.CopyToAsync(Stream.Null));
                _ = Task.Run(() => _process.StandardError.BaseStream.CopyToAsync(Stream.Null));
                return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        throw new TimeoutException("Azurite did not report its port within 60 s.");
    }

    [GeneratedRegex(@"listen\w* (?:at|on) http://127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningAt();

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
