namespace VideoSsl.Testing;

/// <summary>Real videos made once per test run with ffmpeg: one of each supported kind and one of each bad kind.</summary>
public sealed class SampleVideos : IDisposable
{
    private readonly TempFolder _folder = new("samples");

    public SampleVideos()
    {
        Good = Path.Combine(_folder.Path, "good");
        Bad = Path.Combine(_folder.Path, "bad");
        var src = "testsrc2=size=128x96:rate=25";
        Ffmpeg.Generate(G("h264.mp4"), src, 4.2, "-c:v", "libx264", "-pix_fmt", "yuv420p");
        Ffmpeg.Generate(G("vp9.webm"), src, 2.5, "-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8");
        Ffmpeg.Generate(G("h264.mkv"), src, 2.5, "-c:v", "libx264");
        Ffmpeg.Generate(G("mjpeg.avi"), src, 2.5, "-c:v", "mjpeg", "-q:v", "5");
        Ffmpeg.Generate(G("h264.mov"), src, 2.5, "-c:v", "libx264");
        Ffmpeg.Generate(G("anim.gif"), "testsrc2=size=80x60:rate=10", 2.5);
        Ffmpeg.Generate(G("tenbit.mkv"), src, 2.5, "-c:v", "libx264", "-pix_fmt", "yuv420p10le");
        Ffmpeg.Generate(G("odd-size.mkv"), "testsrc2=size=97x61:rate=25", 2.5, "-c:v", "ffv1");
        // Irregular timestamps (variable frame rate): frames 100 ms apart, every other one shifted by 40 ms.
        Ffmpeg.Generate(G("vfr.mkv"), "testsrc2=size=96x96:rate=10", 2.5, "-vf", "settb=1/1000,setpts=N*100+mod(N\\,2)*40", "-fps_mode", "passthrough", "-c:v", "libx264");
        // Left half white, right half black, stored landscape with a 90° display rotation.
        var halves = "color=black:size=128x64:rate=10,drawbox=x=0:y=0:w=64:h=64:color=white:t=fill";
        var plain = Ffmpeg.Generate(Path.Combine(_folder.Path, "halves.mp4"), halves, 2.5, "-c:v", "libx264", "-pix_fmt", "yuv420p");
        Ffmpeg.Run("-i", plain, "-c", "copy", "-metadata:s:v", "rotate=90", G("rotated.mp4"));
        File.Copy(plain, G("unrotated.mp4"));

        File.WriteAllBytes(B("empty.mp4"), []);
        var random = new byte[100_000];
        new Random(7).NextBytes(random);
        File.WriteAllBytes(B("random.mp4"), random);
        File.WriteAllText(B("text.mp4"), "This is a text file, not a video.\n");
        var whole = Ffmpeg.Generate(Path.Combine(_folder.Path, "whole.mp4"), src, 4, "-c:v", "libx264");
        var bytes = File.ReadAllBytes(whole);
        File.WriteAllBytes(B("truncated.mp4"), bytes[..(bytes.Length * 6 / 10)]);
        Ffmpeg.Generate(B("audio-only.mp4"), "sine=frequency=440:sample_rate=44100", 2, "-c:a", "aac");
        Ffmpeg.Generate(B("short.mp4"), src, 0.5, "-c:v", "libx264");
        Ffmpeg.Generate(B("thin.mp4"), "testsrc2=size=4x400:rate=25", 2.5, "-c:v", "libx264", "-pix_fmt", "yuv420p");
        File.WriteAllBytes(B("huge.y4m"), [.. "YUV4MPEG2 W100000 H100000 F25:1 Ip A1:1 C420jpeg\nFRAME\n"u8, .. new byte[1000]]);
        var middle = Ffmpeg.Generate(Path.Combine(_folder.Path, "middle.mp4"), "testsrc2=size=160x120:rate=25", 6, "-c:v", "libx264", "-g", "25", "-movflags", "+faststart");
        var damaged = File.ReadAllBytes(middle);
        var noise = new Random(1);
        for (var i = damaged.Length / 2; i < damaged.Length / 2 + damaged.Length / 10; i++)
        {
            damaged[i] = (byte)noise.Next(256);
        }
        File.WriteAllBytes(B("corrupt-middle.mp4"), damaged);
        File.Copy(G("h264.mp4"), B("bad\u0001name.mp4"));
        File.CreateSymbolicLink(B("escape.mp4"), "/etc/hostname");
    }

    /// <summary>Folder of videos that must all be ingested.</summary>
    public string Good { get; }

    /// <summary>Folder of inputs that must all be quarantined (with reasons).</summary>
    public string Bad { get; }

    private string G(string name) => Path.Combine(Directory.CreateDirectory(Good).FullName, name);

    private string B(string name) => Path.Combine(Directory.CreateDirectory(Bad).FullName, name);

    /// <summary>Copies some files into a fresh folder (for tests that change their source).</summary>
    public string CopyToNewFolder(string from, params string[] names)
    {
        var target = Path.Combine(_folder.Path, "copy-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(target);
        foreach (var name in names)
        {
            File.Copy(Path.Combine(from, name), Path.Combine(target, name));
        }
        return target;
    }

    public void Dispose() => _folder.Dispose();
}
