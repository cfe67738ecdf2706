using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace VideoSsl.Analyzers;

/// <summary>Refuses <c>a += b</c> (and the other compound assignments) where the operator is banned in BannedSymbols.txt.</summary>
/// <remarks>
/// Microsoft.CodeAnalysis.BannedApiAnalyzers checks calls, conversions and binary operators, but not the operator
/// behind a compound assignment: <c>total += loss</c> on TorchSharp tensors calls the banned <c>Tensor + Tensor</c>
/// (whose alpha Scalar the GC may finalize mid-call) without a warning. This analyzer reads the same file.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BannedCompoundAssignmentAnalyzer : DiagnosticAnalyzer
{
    /// <summary>VSSL0001: a compound assignment through a banned operator.</summary>
    public static readonly DiagnosticDescriptor Rule = new(
        "VSSL0001",
        "Compound assignment through a banned operator",
        "'{0}' is banned in this project: {1}",
        "Reliability",
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "The operator behind this compound assignment is listed in BannedSymbols.txt.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var banned = Read(start.Options.AdditionalFiles, start.CancellationToken);
            if (banned.Count == 0)
            {
                return;
            }
            start.RegisterOperationAction(operation =>
            {
                var assignment = (ICompoundAssignmentOperation)operation.Operation;
                if (assignment.OperatorMethod?.GetDocumentationCommentId() is { } id && banned.TryGetValue(id, out var why))
                {
                    operation.ReportDiagnostic(Diagnostic.Create(Rule, assignment.Syntax.GetLocation(), assignment.OperatorMethod.ToDisplayString(), why));
                }
            }, OperationKind.CompoundAssignment);
        });
    }

    // "DocId;message" lines of every additional file named BannedSymbols.txt, as BannedApiAnalyzers reads them.
    private static Dictionary<string, string> Read(ImmutableArray<AdditionalText> files, System.Threading.CancellationToken cancellationToken)
    {
        var banned = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files.Where(f => string.Equals(Path.GetFileName(f.Path), "BannedSymbols.txt", StringComparison.OrdinalIgnoreCase)))
        {
            if (file.GetText(cancellationToken) is not { } content)
            {
                continue;
            }
            foreach (var line in content.Lines)
            {
                var text = line.ToString().Trim();
                if (text.Length == 0 || text.StartsWith("//", StringComparison.Ordinal))
                {
                    continue;
                }
                var split = text.IndexOf(';');
                banned[split < 0 ? text : text.Substring(0, split).Trim()] = split < 0 ? "" : text.Substring(split + 1).Trim();
            }
        }
        return banned;
    }
}
