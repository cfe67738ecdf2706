namespace VideoSsl.Training;

/// <summary>Linear warmup from zero to the peak, then cosine decay to the minimum at the last step.</summary>
public sealed record LearningRateSchedule(double Peak, double Minimum, int WarmupSteps, int TotalSteps)
{
    /// <summary>The learning rate for optimizer step <paramref name="step"/> (1-based).</summary>
    public double At(int step)
    {
        if (step <= WarmupSteps)
        {
            return Peak * step / Math.Max(1, WarmupSteps);
        }
        var progress = Math.Clamp((double)(step - WarmupSteps) / Math.Max(1, TotalSteps - WarmupSteps), 0, 1);
        return Minimum + (0.5 * (Peak - Minimum) * (1 + Math.Cos(Math.PI * progress)));
    }
}
