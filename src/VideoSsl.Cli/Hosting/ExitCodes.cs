namespace VideoSsl.Cli.Hosting;

/// <summary>The process exit codes every verb uses.</summary>
public static class ExitCodes
{
    /// <summary>Everything worked.</summary>
    public const int Ok = 0;

    /// <summary>The run failed: bad options, unreachable store, an error that stopped it.</summary>
    public const int Failed = 1;

    /// <summary>The run finished, but some inputs were quarantined (see the summary).</summary>
    public const int Quarantined = 2;

    /// <summary>Stopped by Ctrl+C (or SIGTERM) after committing finished work.</summary>
    public const int Cancelled = 130;

    /// <summary>The text --help shows for exit codes.</summary>
    public const string Help = "Exit codes: 0 clean run; 2 finished with quarantined inputs; 1 failed; 130 cancelled (finished work kept).";
}
