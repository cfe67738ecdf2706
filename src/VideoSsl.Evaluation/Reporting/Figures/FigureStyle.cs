using ScottPlot;

namespace VideoSsl.Evaluation.Reporting.Figures;

/// <summary>Shared look of the report's figures: sizes, protocol colors and names, PNG export.</summary>
public static class FigureStyle
{
    public const int Width = 800;
    public const int Height = 500;

    /// <summary>Human name of a protocol, as the report prints it.</summary>
    public static string Name(EvaluationProtocol protocol) => protocol switch
    {
        EvaluationProtocol.PretrainedProbe => "linear probe, pretrained",
        EvaluationProtocol.RandomProbe => "linear probe, random init",
        EvaluationProtocol.FinetunePretrained => "fine-tune, pretrained",
        EvaluationProtocol.FinetuneScratch => "fine-tune, scratch",
        EvaluationProtocol.MotionEnergyProbe => "linear probe, motion-energy features (reference)",
        _ => protocol.ToString(),
    };

    /// <summary>The file-name stem of a protocol: pretrained-probe, random-probe, finetune-pretrained, finetune-scratch.</summary>
    public static string Slug(EvaluationProtocol protocol) => protocol switch
    {
        EvaluationProtocol.PretrainedProbe => "pretrained-probe",
        EvaluationProtocol.RandomProbe => "random-probe",
        EvaluationProtocol.FinetunePretrained => "finetune-pretrained",
        EvaluationProtocol.FinetuneScratch => "finetune-scratch",
        EvaluationProtocol.MotionEnergyProbe => "motion-energy-probe",
        _ => protocol.ToString().ToLowerInvariant(),
    };

    /// <summary>Pretrained variants in strong colors, their baselines in muted ones.</summary>
    public static Color ColorOf(EvaluationProtocol protocol) => protocol switch
    {
        EvaluationProtocol.PretrainedProbe => Color.FromHex("#1f77b4"),
        EvaluationProtocol.RandomProbe => Color.FromHex("#aec7e8"),
        EvaluationProtocol.FinetunePretrained => Color.FromHex("#d62728"),
        EvaluationProtocol.FinetuneScratch => Color.FromHex("#ff9896"),
        EvaluationProtocol.MotionEnergyProbe => Color.FromHex("#7f7f7f"),
        _ => Colors.Gray,
    };

    /// <summary>Renders a plot to PNG bytes.</summary>
    public static byte[] Png(Plot plot, int width = Width, int height = Height) => plot.GetImageBytes(width, height, ImageFormat.Png);

    /// <summary>Class names as axis ticks at 0 … n−1, rotated when there are many.</summary>
    public static void ClassTicks(IAxis axis, IReadOnlyList<string> classes, bool rotate)
    {
        axis.SetTicks(Enumerable.Range(0, classes.Count).Select(i => (double)i).ToArray(), classes.ToArray());
        if (rotate)
        {
            axis.TickLabelStyle.Rotation = 45;
            axis.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        }
    }
}
