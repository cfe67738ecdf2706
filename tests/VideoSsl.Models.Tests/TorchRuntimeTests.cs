using TorchSharp;
using VideoSsl.Models;

namespace VideoSsl.Models.Tests;

public sealed class TorchRuntimeTests
{
    [Fact]
    public void Auto_says_which_device_it_picked_and_why()
    {
        var device = TorchRuntime.ResolveDevice("auto");

        var text = TorchRuntime.Describe(device);

        if (device.type == DeviceType.CPU)
        {
            Assert.Matches(@"^device cpu \(\d+ threads; (CPU libtorch build, TorchRuntime=cpu|no CUDA device visible)\)$", text);
        }
        else
        {
            Assert.Matches(@"^device cuda(:\d+)? \(.+, CUDA, TorchRuntime=cuda\)$", text);
        }
    }

    [Fact]
    public void Cuda_where_there_is_none_is_refused_never_replaced_by_the_cpu()
    {
        TorchRuntime.EnsureLoaded();
        if (torch.cuda.is_available())
        {
            return; // a GPU machine: cuda resolves
        }

        var e = Assert.Throws<TorchRuntimeException>(() => TorchRuntime.ResolveDevice("cuda"));

        Assert.Contains("Not falling back to CPU", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }
}
