using System.Drawing;
using System.Globalization;
using VideoSsl.Synth.Encoding;
using VideoSsl.Synth.Idx;
using VideoSsl.Synth.Rendering;

namespace VideoSsl.Synth.MovingDigits;

/// <summary>
/// Generates Moving MNIST-style videos (Srivastava et al. 2015, OpenSTL protocol): digits bouncing in a square canvas,
/// combined by pixel-wise max, written as <c>digits_NNNNN.mp4</c> files in one folder.
/// </summary>
public sealed class MovingDigitsGenerator
{
    private readonly Mp4Writer _writer;

    /// <summary>Creates a generator that encodes with <paramref name="writer"/> (default: ffmpeg on PATH).</summary>
    public MovingDigitsGenerator(Mp4Writer? writer = null) => _writer = writer ?? new Mp4Writer();

    /// <summary>
    /// Writes <see cref="MovingDigitsOptions.Count"/> videos to <paramref name="outputDirectory"/>; videos already
    /// there are kept, so a rerun with the same options resumes an interrupted one.
    /// </summary>
    public async Task<SynthSummary> WriteAsync(
        string outputDirectory,
        MovingDigitsOptions options,
        IProgress<SynthProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        SynthChecks.ThrowIfAny(options.Validate(), nameof(options));
        var digits = options.IdxPath is null ? null : await IdxImageReader.ReadAsync(options.IdxPath, cancellationToken);
        Check(options, digits);
        var width = Math.Max(5, options.Count.ToString(CultureInfo.InvariantCulture).Length);
        var jobs = Enumerable.Range(0, options.Count)
            .Select(i => new SynthJob(FileName(i, width), () => RenderSequence(options, i, digits).Video))
            .ToArray();
        // Video i depends only on the seed and i, so a rerun may grow Count; the IDX file is named, not hashed.
        var settings = $"{options with { Count = 0, Workers = 1 }} crf={_writer.Crf}";
        return await SynthRunner.RunAsync(outputDirectory, settings, jobs, options.Workers, _writer, progress, cancellationToken);
    }

    /// <summary>
    /// Renders video <paramref name="index"/> of the data set in memory (what <see cref="WriteAsync"/> encodes for it),
    /// with its ground-truth digit positions.
    /// </summary>
    /// <param name="options">The data-set settings; <see cref="MovingDigitsOptions.IdxPath"/> is not read here.</param>
    /// <param name="index">Zero-based position in the data set.</param>
    /// <param name="digitImages">Images to draw digits from (see <see cref="IdxImageReader"/>); null draws procedural digits.</param>
    public static MovingDigitsSequence RenderSequence(MovingDigitsOptions options, int index, IdxImages? digitImages = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        SynthChecks.ThrowIfAny(options.Validate(), nameof(options));
        Check(options, digitImages);
        var rng = new Random(SeedMixer.Derive(options.Seed, 1, index));
        var canvas = options.CanvasSize;
        var tracks = new List<DigitTrack>(options.DigitsPerVideo);
        for (var d = 0; d < options.DigitsPerVideo; d++)
        {
            var track = digitImages is null ? ProceduralDigit(rng, options.DigitSize) : IdxDigit(rng, digitImages);
            var positions = BouncingTrajectory.Sample(rng, options.Frames, canvas - track.Size, options.StepLength);
            tracks.Add(track with { Positions = positions });
        }

        var frames = new byte[options.Frames][];
        for (var f = 0; f < options.Frames; f++)
        {
            var frame = new byte[canvas * canvas];
            foreach (var track in tracks)
            {
                PasteMax(frame, canvas, track.Image, track.Size, track.Positions[f]);
            }

            frames[f] = frame;
        }

        return new MovingDigitsSequence(new RawVideo(canvas, canvas, RawPixelFormat.Gray8, options.Fps, frames), tracks);
    }

    /// <summary>The file name of video <paramref name="index"/> (zero-based) when <paramref name="digits"/> digits are used for numbering.</summary>
    internal static string FileName(int index, int digits) =>
        "digits_" + (index + 1).ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0') + ".mp4";

    private static DigitTrack ProceduralDigit(Random rng, int size)
    {
        var label = rng.Next(10);
        return new DigitTrack(label, null, size, DigitGlyphs.Render(label, size, rng), []);
    }

    private static DigitTrack IdxDigit(Random rng, IdxImages images)
    {
        var index = rng.Next(images.Count);
        return new DigitTrack(null, index, images.Rows, images.Image(index).ToArray(), []);
    }

    private static void PasteMax(byte[] frame, int canvas, byte[] image, int size, Point topLeft)
    {
        for (var y = 0; y < size; y++)
        {
            var row = (topLeft.Y + y) * canvas + topLeft.X;
            for (var x = 0; x < size; x++)
            {
                frame[row + x] = Math.Max(frame[row + x], image[y * size + x]);
            }
        }
    }

    private static void Check(MovingDigitsOptions options, IdxImages? images)
    {
        if (images is null)
        {
            return;
        }

        if (images.Rows != images.Columns || images.Rows > options.CanvasSize)
        {
            throw new ArgumentException(
                $"Digit images are {images.Rows}x{images.Columns}; moving digits need square images no larger than the {options.CanvasSize}px canvas.");
        }
    }
}
