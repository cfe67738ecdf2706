using System.Runtime.InteropServices;

namespace VideoSsl.Models;

/// <summary>Loads TorchSharp's native runtime once, turning a load failure into one clear sentence, and picks the device.</summary>
public static class TorchRuntime
{
    private static readonly Lock Gate = new();
    private static bool _loaded;

    /// <summary>Loads libtorch and LibTorchSharp now; throws <see cref="TorchRuntimeException"/> with what to do when that fails.</summary>
    public static void EnsureLoaded()
    {
        lock (Gate)
        {
            if (_loaded)
            {
                return;
            }
            try
            {
                NativeHeap.Tune();
            }
            catch (ArgumentException e)
            {
                throw new TorchRuntimeException(e.Message, e);
            }
            // TorchSharp prints a long loader trace to stdout when loading fails; keep it off the console.
            var console = Console.Out;
            try
            {
                Console.SetOut(TextWriter.Null);
                // The first touch of `torch` runs its static constructor, which loads the native libraries.
                using var probe = torch.zeros(1);
                _loaded = true;
            }
            catch (Exception e) when (e is TypeInitializationException or NotSupportedException or DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
            {
                throw new TorchRuntimeException(Explain(e), e);
            }
            finally
            {
                Console.SetOut(console);
            }
        }
    }

    /// <summary>Resolves "auto" (CUDA when available, else CPU), "cpu", "cuda" or "cuda:N" to a device, loading the runtime first.</summary>
    public static Device ResolveDevice(string? requested = "auto")
    {
        EnsureLoaded();
        var name = string.IsNullOrWhiteSpace(requested) ? "auto" : requested.Trim().ToLowerInvariant();
        if (name == "auto")
        {
            return cuda.is_available() ? CUDA : CPU;
        }
        if (name.StartsWith("cuda", StringComparison.Ordinal) && !cuda.is_available())
        {
            throw new TorchRuntimeException(BuildRuntime == "cuda"
                ? $"Device '{requested}' was requested but no CUDA device is visible: this build carries CUDA libtorch, so the NVIDIA driver or GPU is missing here (check nvidia-smi); not falling back to CPU."
                : $"Device '{requested}' was requested but this build carries CPU libtorch only (TorchRuntime=cpu); publish it with -p:TorchRuntime=cuda (the GPU bundle) to train on the GPU, or use --device cpu. Not falling back to CPU.");
        }
        try
        {
            return torch.device(name);
        }
        catch (ArgumentException)
        {
            throw new TorchRuntimeException($"Device '{requested}' is not one of auto, cpu, cuda, cuda:N.");
        }
    }

    /// <summary>One line for the console: the device with its name, or the CPU with its threads and why not CUDA (what "auto" picked).</summary>
    public static string Describe(Device device) =>
        device.type == DeviceType.CUDA
            ? $"device {device} ({CudaDeviceName(device.index < 0 ? 0 : device.index)}, CUDA, TorchRuntime={BuildRuntime})"
            : $"device cpu ({get_num_threads()} threads; {(cuda.is_available() ? "a CUDA device is available but not used" : BuildRuntime == "cuda" ? "no CUDA device visible" : "CPU libtorch build, TorchRuntime=cpu")})";

    // TorchSharp has no call for the device name; the NVIDIA driver lists each GPU's model under /proc.
    private static string CudaDeviceName(int index)
    {
        const string root = "/proc/driver/nvidia/gpus";
        var models = Directory.Exists(root)
            ? Directory.GetDirectories(root).Order(StringComparer.Ordinal)
                .Select(d => Path.Combine(d, "information")).Where(File.Exists)
                .Select(f => File.ReadLines(f).FirstOrDefault(l => l.StartsWith("Model:", StringComparison.Ordinal))?["Model:".Length..].Trim())
                .ToList()
            : [];
        return index < models.Count && !string.IsNullOrEmpty(models[index]) ? models[index]! : "NVIDIA GPU";
    }

    private static string BuildRuntime => typeof(TorchRuntime).Assembly
        .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
        .OfType<System.Reflection.AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "TorchRuntime")?.Value ?? "cpu";

    private static string Explain(Exception e)
    {
        var root = e;
        while (root.InnerException is not null)
        {
            root = root.InnerException;
        }
        var reason = LoaderError() ?? root.Message.Split('\n', 2)[0].Trim();
        var hint = "rebuild the application (the build copies a loadable libLibTorchSharp.so beside it) and check that the libtorch package for this platform is referenced";
        if (OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64 && !LibStdCxxHas("GLIBCXX_3.4.32"))
        {
            hint = "this system's libstdc++ lacks GLIBCXX_3.4.32, which the shipped libLibTorchSharp.so asks for; rebuild with `dotnet build` (eng/torch/TorchSharp.Native.targets marks that need weak in the copy it puts in the output) or install libstdc++ from GCC 13 or newer";
        }
        return $"The TorchSharp native runtime could not be loaded ({reason}); {hint}.";
    }

    // The dynamic loader's own words for the library next to the app ("version `GLIBCXX_3.4.32' not found ..."), if it is there.
    private static string? LoaderError()
    {
        foreach (var candidate in new[] { "runtimes/linux-x64/native/libLibTorchSharp.so", "libLibTorchSharp.so" }.Select(p => Path.Combine(AppContext.BaseDirectory, p)))
        {
            // Only the copy beside libtorch.so can load (it finds libtorch through $ORIGIN); the other is a spare.
            if (!File.Exists(candidate) || !File.Exists(Path.Combine(Path.GetDirectoryName(candidate)!, "libtorch.so")))
            {
                continue;
            }
            try
            {
                NativeLibrary.Free(NativeLibrary.Load(candidate));
            }
            catch (DllNotFoundException e)
            {
                var lines = e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                return lines.FirstOrDefault(l => l.Contains("not found", StringComparison.Ordinal) || l.Contains("cannot open", StringComparison.Ordinal)) ?? lines[0];
            }
        }
        return null;
    }

    private static bool LibStdCxxHas(string version)
    {
        string[] candidates = ["/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6"];
        var pattern = System.Text.Encoding.ASCII.GetBytes("\0" + version + "\0");
        return candidates.Where(File.Exists).Any(p => File.ReadAllBytes(p).AsSpan().IndexOf(pattern) >= 0);
    }
}

/// <summary>Thrown when the TorchSharp native runtime cannot be loaded or the requested device does not exist.</summary>
public sealed class TorchRuntimeException : Exception
{
    public TorchRuntimeException(string message) : base(message) { }

    public TorchRuntimeException(string message, Exception inner) : base(message, inner) { }
}
