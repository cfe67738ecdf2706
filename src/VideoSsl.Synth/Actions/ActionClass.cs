namespace VideoSsl.Synth.Actions;

/// <summary>The motion classes of the actions set; each is defined only by how the actor moves, never by how it looks.</summary>
public enum ActionClass
{
    MoveLeft,
    MoveRight,
    MoveUp,
    MoveDown,
    RotateClockwise,
    RotateCounterclockwise,
    ZoomIn,
    ZoomOut,
    Bounce,
    Still,
}

/// <summary>The list of action classes in label order, and their folder names.</summary>
public static class ActionClasses
{
    /// <summary>All classes; a class's position plus one is its label index in classInd.txt.</summary>
    public static IReadOnlyList<ActionClass> All { get; } = Enum.GetValues<ActionClass>();

    /// <summary>The snake_case name used for folders, file names and classInd.txt, e.g. "move_left".</summary>
    public static string NameOf(ActionClass action) => action switch
    {
        ActionClass.MoveLeft => "move_left",
        ActionClass.MoveRight => "move_right",
        ActionClass.MoveUp => "move_up",
        ActionClass.MoveDown => "move_down",
        ActionClass.RotateClockwise => "rotate_cw",
        ActionClass.RotateCounterclockwise => "rotate_ccw",
        ActionClass.ZoomIn => "zoom_in",
        ActionClass.ZoomOut => "zoom_out",
        ActionClass.Bounce => "bounce",
        ActionClass.Still => "still",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown action class."),
    };
}
