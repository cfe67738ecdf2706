using VideoSsl.Synth.Rendering;

namespace VideoSsl.Synth.Actions;

/// <summary>
/// Samples one actions clip and renders it. Everything but the motion (shape, colours, background, sensor noise,
/// position, angle, size) is drawn from the same distributions for every class, in the same order, so a single
/// frame carries (almost) no label information: positions are uniform on the wrapped canvas, start angles uniform,
/// and zoom clips pass through the common size distribution at mid-clip, so first-frame sizes of zoom-in, zoom-out
/// and the other classes overlap widely.
/// </summary>
internal static class ActionScene
{
    // Mid-clip diameter at 64 px, log-uniform over a range wide compared with the zoom factor, so that the frame-0
    // sizes of zoom-in and zoom-out clips (shifted by the factor's square root down and up) still mostly overlap.
    private const double MinSize = 9, MaxSize = 36;

    public static ActionClip Render(ActionsOptions options, ActionClass action, Random rng)
    {
        int size = options.Size, frames = options.Frames;
        var scale = size / 64.0;

        var background = new Canvas(size, size);
        var (bgA, bgB) = Background.Paint(background, rng);
        var shape = (ActorShape)rng.Next(Enum.GetValues<ActorShape>().Length);
        var body = ContrastingColor(rng, bgA, bgB);
        var marker = ContrastingColor(rng, body, body);
        var actor = new Actor(shape, body, marker, rng);
        var noise = rng.NextDouble() * 6;

        var start = new ActorPose(
            rng.NextDouble() * size,
            rng.NextDouble() * size,
            scale * MinSize * Math.Pow(MaxSize / MinSize, rng.NextDouble()),
            rng.NextDouble() * 360);
        var motion = Motion.Sample(action, rng, scale, frames);
        var poses = Enumerable.Range(0, frames).Select(t => Wrap(motion(start, t), size)).ToArray();

        var canvas = new Canvas(size, size);
        var video = new byte[frames][];
        for (var t = 0; t < frames; t++)
        {
            background.Pixels.CopyTo(canvas.Pixels, 0);
            actor.Draw(canvas, poses[t]);
            AddNoise(canvas, rng, noise);
            video[t] = canvas.ToRgb24();
        }

        return new ActionClip(new RawVideo(size, size, RawPixelFormat.Rgb24, options.Fps, video), action, shape, poses);
    }

    private static ActorPose Wrap(ActorPose pose, int size) =>
        pose with { X = Mod(pose.X, size), Y = Mod(pose.Y, size), AngleDegrees = Mod(pose.AngleDegrees, 360) };

    private static double Mod(double v, double m) => ((v % m) + m) % m;

    /// <summary>A random colour far enough from both given colours to be seen against them.</summary>
    private static Rgb ContrastingColor(Random rng, Rgb a, Rgb b)
    {
        Rgb best = default;
        var bestDistance = -1.0;
        for (var attempt = 0; attempt < 32; attempt++)
        {
            var c = Background.RandomColor(rng);
            var distance = Math.Min(c.DistanceTo(a), c.DistanceTo(b));
            if (distance > bestDistance)
            {
                (best, bestDistance) = (c, distance);
            }

            if (distance >= 120)
            {
                break;
            }
        }

        return best;
    }

    /// <summary>Uniform per-pixel, per-frame noise of amplitude <paramref name="amplitude"/> (a camera sensor's, roughly).</summary>
    private static void AddNoise(Canvas canvas, Random rng, double amplitude)
    {
        if (amplitude <= 0)
        {
            return;
        }

        var p = canvas.Pixels;
        for (var i = 0; i < p.Length; i++)
        {
            p[i] += (float)((rng.NextDouble() * 2 - 1) * amplitude);
        }
    }
}
