namespace VideoSsl.Evaluation.Reporting;

/// <summary>Which runs a report's single-result sections (per-class, confusion) show.</summary>
public static class ReportSelection
{
    /// <summary>The protocol's headline run: the one with the most labeled training videos (the largest budget), lowest seed first; null when the protocol was not run.</summary>
    public static ProtocolRun? Headline(EvaluationReport report, EvaluationProtocol protocol) =>
        report.Protocols.Where(r => r.Protocol == protocol)
            .OrderByDescending(r => r.TrainVideos)
            .ThenBy(r => r.Seed)
            .FirstOrDefault();

    /// <summary>Runs grouped by (protocol, budget), in protocol order then descending budget.</summary>
    public static IEnumerable<IGrouping<(EvaluationProtocol Protocol, string Budget), ProtocolRun>> ByBudget(IEnumerable<ProtocolRun> runs) =>
        runs.GroupBy(r => (r.Protocol, Budget: r.Budget.ToString()))
            .OrderBy(g => g.Key.Protocol)
            .ThenByDescending(g => g.Max(r => r.TrainVideos));
}
