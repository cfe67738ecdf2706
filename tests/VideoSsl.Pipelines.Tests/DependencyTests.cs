using System.Reflection;
using System.Xml.Linq;
using VideoSsl.Testing;

namespace VideoSsl.Pipelines.Tests;

/// <summary>The orchestrator loads only what it uses: it writes command lines and reads the store, and needs no tensor library.</summary>
public class DependencyTests
{
    [Fact]
    public void No_project_the_pipelines_reference_directly_or_not_references_TorchSharp()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<string>([Path.Combine(RepoPaths.Root, "src", "VideoSsl.Pipelines", "VideoSsl.Pipelines.csproj")]);
        var torch = new List<string>();
        while (pending.TryDequeue(out var project))
        {
            if (!seen.Add(Path.GetFullPath(project)))
            {
                continue;
            }
            var xml = XDocument.Load(project);
            var includes = xml.Descendants().Where(e => e.Name.LocalName is "PackageReference" or "Import").Select(e => (string?)e.Attribute("Include") ?? (string?)e.Attribute("Project") ?? "");
            if (includes.Any(i => i.Contains("TorchSharp", StringComparison.OrdinalIgnoreCase) || i.Contains("libtorch", StringComparison.OrdinalIgnoreCase)))
            {
                torch.Add(Path.GetFileName(project));
            }
            foreach (var reference in xml.Descendants().Where(e => e.Name.LocalName == "ProjectReference"))
            {
                pending.Enqueue(Path.Combine(Path.GetDirectoryName(project)!, (string)reference.Attribute("Include")!));
            }
        }

        Assert.Empty(torch);
        Assert.Contains(seen, p => p.EndsWith("VideoSsl.Storage.csproj", StringComparison.Ordinal)); // the walk did follow references
    }

    [Fact]
    public void The_pipelines_assembly_needs_no_TorchSharp_assembly_directly_or_not()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<AssemblyName>([typeof(Spec.SpecLoader).Assembly.GetName()]);
        while (pending.TryDequeue(out var name))
        {
            if (name.Name is null || !seen.Add(name.Name) || !name.Name.StartsWith("VideoSsl.", StringComparison.Ordinal))
            {
                continue; // the framework and packages are not walked; TorchSharp would be named by a VideoSsl assembly
            }
            foreach (var reference in Assembly.Load(name).GetReferencedAssemblies())
            {
                pending.Enqueue(reference);
            }
        }

        Assert.DoesNotContain(seen, n => n.StartsWith("TorchSharp", StringComparison.Ordinal));
        Assert.Contains("VideoSsl.Storage", seen);
    }
}
