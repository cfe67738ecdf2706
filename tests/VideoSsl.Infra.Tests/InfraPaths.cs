using System.Reflection;

namespace VideoSsl.Infra.Tests;

/// <summary>Paths baked into the test assembly at build time: the Bicep CLI from its NuGet package and the repository root.</summary>
internal static class InfraPaths
{
    public static string BicepExecutable { get; } = Metadata("BicepPath");

    public static string RepoRoot { get; } = Metadata("RepoRoot");

    public static string Infra => Path.Combine(RepoRoot, "infra");

    public static string MainBicep => Path.Combine(Infra, "main.bicep");

    private static string Metadata(string key) =>
        typeof(InfraPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"Assembly metadata '{key}' is missing; see VideoSsl.Infra.Tests.csproj.");
}
