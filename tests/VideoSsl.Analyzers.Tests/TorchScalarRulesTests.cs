using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using VideoSsl.Testing;

namespace VideoSsl.Analyzers.Tests;

/// <summary>
/// The compile-time half of the Scalar/GC fix: eng/BannedSymbols.txt with Microsoft.CodeAnalysis.BannedApiAnalyzers
/// and <see cref="BannedCompoundAssignmentAnalyzer"/> refuse every way this project's code could hand TorchSharp a
/// Scalar that nothing keeps alive, and let the safe forms through.
/// </summary>
public class TorchScalarRulesTests
{
    private static readonly string BannedFile = Path.Combine(RepoPaths.Root, "eng", "BannedSymbols.txt");

    [Fact]
    public void Every_banned_symbol_names_a_real_TorchSharp_member()
    {
        var compilation = Compile("class Empty { }");
        var ids = File.ReadAllLines(BannedFile).Where(l => l.Trim().Length > 0).Select(l => l.Split(';')[0].Trim()).ToList();
        Assert.True(ids.Count > 40, $"only {ids.Count} banned symbols");
        var unresolved = ids.Where(id => DocumentationCommentId.GetSymbolsForDeclarationId(id, compilation).IsEmpty).ToList();
        Assert.True(unresolved.Count == 0, "no such symbol: " + string.Join(", ", unresolved));
    }

    [Theory]
    [InlineData("t.mul(2f)", "RS0030")]                       // implicit float → Scalar at the call
    [InlineData("t.clamp(0, 1)", "RS0030")]                   // implicit int → Scalar
    [InlineData("t * 2f", "RS0030")]                          // the operator converts inside TorchSharp
    [InlineData("1 - t", "RS0030")]
    [InlineData("t + t", "RS0030")]                           // alpha = 1 made inside TorchSharp
    [InlineData("t.add_(t)", "RS0030")]
    [InlineData("t.ToSingle()", "RS0030")]                    // reads the value through a temporary Scalar
    [InlineData("torch.optim.AdamW(new TorchSharp.Modules.Parameter[0])", "RS0030")]
    public void Unsafe_forms_are_refused(string expression, string rule)
    {
        var diagnostics = Analyze($"var r = {expression};");
        Assert.Contains(diagnostics, d => d.Id == rule);
    }

    [Fact]
    public void A_compound_sum_of_tensors_is_refused()
    {
        var diagnostics = Analyze("var total = torch.zeros(1); total += t;");
        Assert.Contains(diagnostics, d => d.Id == BannedCompoundAssignmentAnalyzer.Rule.Id);
    }

    [Theory]
    [InlineData("using var s = 2f.ToScalar(); var r = t.mul(s);")]
    [InlineData("var r = t.add(t, VideoSsl.Models.Scalars.One);")]
    [InlineData("var r = VideoSsl.Models.TensorArithmetic.Plus(t, 0.5);")]
    [InlineData("var r = t * t - t / t; var v = t.sum().item<float>();")]
    [InlineData("var total = torch.zeros(1); total *= t;")]
    public void Safe_forms_compile_without_a_finding(string statements)
    {
        Assert.Empty(Analyze(statements));
    }

    private static ImmutableArray<Diagnostic> Analyze(string statements)
    {
        var source = $$"""
            using TorchSharp;
            using static TorchSharp.torch;
            static class Snippet
            {
                static void Run(Tensor t)
                {
                    {{statements}}
                }
            }
            """;
        var compilation = Compile(source);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "the snippet does not compile: " + string.Join("; ", errors));
        var analyzers = BannedApiAnalyzers().Add(new BannedCompoundAssignmentAnalyzer());
        var options = new AnalyzerOptions([new FileText(BannedFile)]);
        return compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult()
            .Where(d => d.Id is "RS0030" or "VSSL0001").ToImmutableArray();
    }

    private static CSharpCompilation Compile(string source)
    {
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var references = trusted.Select(p => MetadataReference.CreateFromFile(p))
            .Append(MetadataReference.CreateFromFile(typeof(TorchSharp.torch).Assembly.Location))
            .Append(MetadataReference.CreateFromFile(typeof(VideoSsl.Models.Scalars).Assembly.Location));
        return CSharpCompilation.Create("Snippet", [CSharpSyntaxTree.ParseText(source)], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    // The analyzers of the Microsoft.CodeAnalysis.BannedApiAnalyzers package the build uses.
    private static ImmutableArray<DiagnosticAnalyzer> BannedApiAnalyzers()
    {
        var package = typeof(TorchScalarRulesTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BannedApiAnalyzers").Value!;
        var folder = Path.Combine(package, "analyzers", "dotnet", "cs");
        return [.. Directory.GetFiles(folder, "*.dll").SelectMany(dll => new AnalyzerFileReference(dll, Loader.Instance).GetAnalyzers(LanguageNames.CSharp))];
    }

    private sealed class Loader : IAnalyzerAssemblyLoader
    {
        public static readonly Loader Instance = new();

        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
    }

    private sealed class FileText(string path) : AdditionalText
    {
        public override string Path => path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(File.ReadAllText(path));
    }
}
