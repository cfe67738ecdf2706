namespace VideoSsl.Models.Tests;

/// <summary>Which malloc configuration a value of VIDEOSSL_MALLOC_TUNING selects (selection only: mallopt is never called here).</summary>
public class NativeHeapTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1")]
    [InlineData(" Default ")]
    public void Unset_or_on_selects_the_default(string? value) => Assert.Same(NativeHeap.Default, NativeHeap.Select(value));

    [Fact]
    public void Zero_selects_glibc_defaults_which_change_nothing()
    {
        var glibc = NativeHeap.Select("0");
        Assert.Same(NativeHeap.Glibc, glibc);
        Assert.False(glibc.ChangesGlibc);
    }

    [Fact]
    public void Every_configuration_is_selectable_by_its_name()
    {
        foreach (var configuration in NativeHeap.Configurations)
        {
            Assert.Same(configuration, NativeHeap.Select(configuration.Name.ToUpperInvariant()));
        }
        Assert.Equal(NativeHeap.Configurations.Count, NativeHeap.Configurations.Select(c => c.Name).Distinct().Count());
    }

    [Fact]
    public void The_old_1_MiB_mode_stays_selectable_and_is_not_the_default()
    {
        var old = NativeHeap.Select("mmap-1m");
        Assert.Equal(1 << 20, old.MmapThreshold);
        Assert.NotSame(old, NativeHeap.Default);
        Assert.Same(old, NativeHeap.Configurations[0]);
    }

    [Fact]
    public void Fixed_thresholds_stay_within_what_glibc_accepts()
    {
        // glibc refuses an mmap threshold above HEAP_MAX_SIZE / 2 = 32 MiB on 64-bit.
        Assert.All(NativeHeap.Configurations, c => Assert.True(c.MmapThreshold is null or > 0 and <= 32 << 20, c.Name));
    }

    [Fact]
    public void An_unknown_value_is_refused_with_the_names_it_could_be()
    {
        var e = Assert.Throws<ArgumentException>(() => NativeHeap.Select("jemalloc"));
        Assert.Contains("VIDEOSSL_MALLOC_TUNING=jemalloc", e.Message);
        Assert.Contains("mmap-1m", e.Message);
    }
}
