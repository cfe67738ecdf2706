namespace VideoSsl.Synth.Actions;

/// <summary>The motion that defines each action class: a function from the start pose and frame number to the pose.</summary>
internal static class Motion
{
    /// <summary>Samples the class's motion parameters; speeds are in pixels at 64 px and scale with the canvas.</summary>
    public static Func<ActorPose, int, ActorPose> Sample(ActionClass action, Random rng, double scale, int frames)
    {
        var speed = scale * Uniform(rng, 1.0, 2.2);               // px/frame for translations
        var spin = Uniform(rng, 8, 18);                           // degrees/frame, below the 45° square symmetry
        var zoom = Math.Log(Uniform(rng, 1.35, 1.9));             // log of the size ratio last/first frame
        var amplitude = scale * Uniform(rng, 8, 18);              // bounce height in px
        var period = Uniform(rng, 8, 14);                         // frames between floor contacts
        var phase = rng.NextDouble();
        var mid = (frames - 1) / 2.0;

        return action switch
        {
            ActionClass.MoveLeft => (p, t) => p with { X = p.X - speed * t },
            ActionClass.MoveRight => (p, t) => p with { X = p.X + speed * t },
            ActionClass.MoveUp => (p, t) => p with { Y = p.Y - speed * t },
            ActionClass.MoveDown => (p, t) => p with { Y = p.Y + speed * t },
            ActionClass.RotateClockwise => (p, t) => p with { AngleDegrees = p.AngleDegrees + spin * t },
            ActionClass.RotateCounterclockwise => (p, t) => p with { AngleDegrees = p.AngleDegrees - spin * t },
            // The sampled size is the mid-clip size, so zoom clips share the common size distribution at mid-clip.
            ActionClass.ZoomIn => (p, t) => p with { Size = p.Size * Math.Exp(zoom * (t - mid) / (frames - 1)) },
            ActionClass.ZoomOut => (p, t) => p with { Size = p.Size * Math.Exp(-zoom * (t - mid) / (frames - 1)) },
            // A ball bouncing on an invisible floor at p.Y: parabolic flights (constant gravity), sharp turns at the floor.
            ActionClass.Bounce => (p, t) => p with { Y = p.Y - amplitude * Flight(t / period + phase) },
            ActionClass.Still => (p, _) => p,
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown action class."),
        };
    }

    /// <summary>Height of a unit parabolic hop at time <paramref name="hops"/> (in hops): 0 at the floor, 1 at the top.</summary>
    private static double Flight(double hops)
    {
        var u = hops - Math.Floor(hops);
        return 4 * u * (1 - u);
    }

    private static double Uniform(Random rng, double min, double max) => min + (max - min) * rng.NextDouble();
}
