using System.Globalization;

namespace VideoSsl.Evaluation.Sampling;

/// <summary>How many training videos of each class keep their label: all, K per class, or a fraction.</summary>
/// <remarks>
/// Rounding: a class with n training videos keeps min(K, n) for K per class, and
/// clamp(round(f·n) half away from zero, 1, n) for a fraction f, so a class that has training videos is never empty.
/// </remarks>
public sealed record LabelBudget
{
    /// <summary>K labeled videos per class (<c>--labels-per-class</c>), or null.</summary>
    public int? LabelsPerClass { get; init; }

    /// <summary>Fraction of each class's training videos (<c>--label-fraction</c>), or null.</summary>
    public double? LabelFraction { get; init; }

    /// <summary>Every training video keeps its label.</summary>
    public static LabelBudget All { get; } = new();

    /// <summary>True when every training video is used.</summary>
    public bool IsAll => LabelsPerClass is null && LabelFraction is null;

    /// <summary>K labeled videos per class; K ≥ 1.</summary>
    public static LabelBudget PerClass(int k) =>
        k >= 1 ? new LabelBudget { LabelsPerClass = k } : throw new ArgumentOutOfRangeException(nameof(k), k, "labels per class must be at least 1");

    /// <summary>A fraction f in (0, 1] of each class's training videos.</summary>
    public static LabelBudget Fraction(double f) =>
        f is > 0 and <= 1 ? new LabelBudget { LabelFraction = f } : throw new ArgumentOutOfRangeException(nameof(f), f, "label fraction must be in (0, 1]");

    /// <summary>From the two command-line options, at most one of which may be given.</summary>
    public static LabelBudget From(int? labelsPerClass, double? labelFraction) => (labelsPerClass, labelFraction) switch
    {
        (null, null) => All,
        ({ } k, null) => PerClass(k),
        (null, { } f) => Fraction(f),
        _ => throw new ArgumentException("give --labels-per-class or --label-fraction, not both"),
    };

    /// <summary>How many of a class's <paramref name="available"/> training videos keep their label.</summary>
    public int CountFor(int available)
    {
        if (available <= 0)
        {
            return 0;
        }
        if (LabelsPerClass is { } k)
        {
            return Math.Min(k, available);
        }
        if (LabelFraction is { } f)
        {
            return Math.Clamp((int)Math.Round(f * available, MidpointRounding.AwayFromZero), 1, available);
        }
        return available;
    }

    /// <summary>"all", "5 per class" or "10%".</summary>
    public override string ToString() =>
        LabelsPerClass is { } k ? $"{k} per class"
        : LabelFraction is { } f ? (f * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%"
        : "all";
}
