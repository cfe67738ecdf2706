using VideoSsl.Cli.Commands;

namespace VideoSsl.Cli.Tests;

/// <summary>The arguments `bench pretrain-memory --compare-allocators` hands each child run.</summary>
public class AllocatorRunsTests
{
    [Fact]
    public void Child_keeps_every_argument_but_the_comparison_flag_and_asks_for_json()
    {
        string[] given = ["bench", "pretrain-memory", "--dataset", "digits", "--compare-allocators", "--steps", "300", "--store", "data/store"];
        Assert.Equal(["bench", "pretrain-memory", "--dataset", "digits", "--steps", "300", "--store", "data/store", "--json"], AllocatorRuns.ChildArguments(given));
    }

    [Theory]
    [InlineData("--compare-allocators", "true")]
    [InlineData("--compare-allocators=true", null)]
    public void Child_drops_the_flag_with_its_value(string flag, string? value)
    {
        string[] given = value is null ? ["bench", "pretrain-memory", flag, "--json"] : ["bench", "pretrain-memory", flag, value, "--json"];
        Assert.Equal(["bench", "pretrain-memory", "--json"], AllocatorRuns.ChildArguments(given));
    }
}
