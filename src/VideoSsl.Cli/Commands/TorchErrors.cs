using VideoSsl.Cli.Hosting;
using VideoSsl.Models;
using VideoSsl.Training;

namespace VideoSsl.Cli.Commands;

/// <summary>Turns the native-runtime and checkpoint failures of TorchSharp work into one-line usage errors.</summary>
public static class TorchErrors
{
    /// <summary>Runs <paramref name="work"/>, rethrowing runtime and checkpoint errors as <see cref="UsageException"/>.</summary>
    public static async Task<T> Guard<T>(Func<Task<T>> work)
    {
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (TorchRuntimeException e)
        {
            throw new UsageException(e.Message);
        }
        catch (CheckpointException e)
        {
            throw new UsageException(e.Message);
        }
    }
}
