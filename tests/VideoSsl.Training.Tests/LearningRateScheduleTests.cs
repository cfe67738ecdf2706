namespace VideoSsl.Training.Tests;

/// <summary>Linear warmup then cosine decay.</summary>
public class LearningRateScheduleTests
{
    [Fact]
    public void Schedule_warms_up_linearly_then_decays_to_the_minimum()
    {
        var schedule = new LearningRateSchedule(1e-3, 1e-5, WarmupSteps: 10, TotalSteps: 110);
        Assert.Equal(1e-4, schedule.At(1), 12);
        Assert.Equal(1e-3, schedule.At(10), 12);
        Assert.Equal((1e-3 + 1e-5) / 2, schedule.At(60), 12);
        Assert.Equal(1e-5, schedule.At(110), 12);
        Assert.True(schedule.At(30) > schedule.At(31));
    }
}
