using System.Drawing;

namespace VideoSsl.Synth.MovingDigits;

/// <summary>One rendered Moving MNIST-style video with its ground truth: which digits, and where each one is in every frame.</summary>
/// <param name="Video">Gray8 frames, canvas-sized.</param>
/// <param name="Digits">The digits pasted into every frame (pixel-wise max).</param>
public sealed record MovingDigitsSequence(RawVideo Video, IReadOnlyList<DigitTrack> Digits);

/// <summary>One digit of a sequence: its image and its top-left corner in each frame.</summary>
/// <param name="Label">The digit 0–9 for procedural glyphs; null for images from an IDX file (no labels are read).</param>
/// <param name="SourceIndex">The image's index in the IDX file, or null for procedural glyphs.</param>
/// <param name="Size">Side of the square digit image.</param>
/// <param name="Image">Size×Size gray8 pixels, row-major.</param>
/// <param name="Positions">Top-left corner per frame, inside [0, canvas − size]².</param>
public sealed record DigitTrack(int? Label, int? SourceIndex, int Size, byte[] Image, IReadOnlyList<Point> Positions);
