namespace VideoSsl.Synth.Actions;

/// <summary>The shapes an actor can have; drawn at random for every class.</summary>
public enum ActorShape
{
    Circle,
    Square,
    Triangle,
    Star,
    Cross,
    Digit,
}

/// <summary>Where the actor is in one frame: centre in pixels (on the wrapped canvas), size (diameter) in pixels, clockwise angle in degrees.</summary>
public readonly record struct ActorPose(double X, double Y, double Size, double AngleDegrees);

/// <summary>One rendered actions video with its label and the actor's ground-truth pose per frame.</summary>
/// <param name="Video">Rgb24 frames.</param>
/// <param name="Action">The class, i.e. the motion.</param>
/// <param name="Shape">The actor's shape (a nuisance, independent of the class).</param>
/// <param name="Poses">The actor's pose in each frame.</param>
public sealed record ActionClip(RawVideo Video, ActionClass Action, ActorShape Shape, IReadOnlyList<ActorPose> Poses);
