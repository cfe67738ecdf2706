using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;

namespace VideoSsl.Infra.Tests;

/// <summary>
/// The bundles the postprovision hook publishes for the pools (eng/publish-bundle.sh), checked as the pools' image
/// would load them: Ubuntu 22.04's libstdc++ lacks GLIBCXX_3.4.32, so the need must be weak whatever machine publishes.
/// </summary>
public sealed class BundleTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), $"videossl-bundle-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }

    private async Task<(int Code, string Stdout, string Stderr)> PublishAsync(string kind)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = InfraPaths.RepoRoot };
        foreach (var argument in new[] { Path.Combine(InfraPaths.RepoRoot, "eng", "publish-bundle.sh"), kind, _out })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }

    private static void AssertLoadsOnUbuntu2204(string publish, string zip)
    {
        var library = Path.Combine(publish, "libLibTorchSharp.so");
        Assert.True(File.Exists(Path.Combine(publish, "libtorch.so")), "libLibTorchSharp.so finds libtorch.so through $ORIGIN: it must sit beside it");
        var need = Assert.Single(ElfVersionNeeds.Read(library), n => n.Version == "GLIBCXX_3.4.32");
        Assert.Equal("libstdc++.so.6", need.Library);
        Assert.True(need.IsWeak, "the published libLibTorchSharp.so still needs GLIBCXX_3.4.32 strongly: Ubuntu 22.04 nodes cannot load it");
        Assert.All(ElfVersionNeeds.Read(library).Where(n => n.Version.StartsWith("GLIBCXX_", StringComparison.Ordinal) && n.Version != "GLIBCXX_3.4.32"), n => Assert.False(n.IsWeak));
        Assert.True(File.Exists(Path.Combine(publish, "videossl")));

        using var archive = ZipFile.OpenRead(zip);
        var entry = archive.Entries.Single(e => e.FullName.TrimStart('.', '/') == "libLibTorchSharp.so");
        using var zipped = entry.Open();
        Assert.Equal(SHA256.HashData(File.ReadAllBytes(library)), SHA256.HashData(zipped));
    }

    [Fact]
    public async Task The_cpu_pools_bundle_carries_a_libtorchsharp_whose_glibcxx_3_4_32_need_is_weak()
    {
        var (code, stdout, stderr) = await PublishAsync("cpu");

        Assert.True(code == 0, $"{stdout}\n{stderr}");
        AssertLoadsOnUbuntu2204(Path.Combine(_out, "publish-cpu"), Path.Combine(_out, "videossl-linux-x64.zip"));
    }

    [Fact]
    public async Task The_gpu_pools_bundle_carries_cuda_libtorch_or_one_line_says_why_not_and_the_cpu_build_is_untouched()
    {
        var assets = Path.Combine(InfraPaths.RepoRoot, "src", "VideoSsl.Models", "obj", "project.assets.json");
        var before = File.Exists(assets) ? SHA256.HashData(File.ReadAllBytes(assets)) : null;

        var (code, stdout, stderr) = await PublishAsync("gpu");

        if (code == 3)
        {
            // The package source here does not serve the CUDA packages (see shared/PLATFORM.md).
            var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("GPU bundle not published: the package source does not serve libtorch-cuda-12.8-linux-x64 2.10.0.0", line, StringComparison.Ordinal);
        }
        else
        {
            Assert.True(code == 0, $"{stdout}\n{stderr}");
            var publish = Path.Combine(_out, "publish-gpu");
            AssertLoadsOnUbuntu2204(publish, Path.Combine(_out, "videossl-linux-x64-cuda.zip"));
            Assert.True(File.Exists(Path.Combine(publish, "libtorch_cuda.so")));
        }

        Assert.Equal(before, File.Exists(assets) ? SHA256.HashData(File.ReadAllBytes(assets)) : null);
    }
}
