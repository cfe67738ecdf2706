using VideoSsl.Synth.Actions;
using VideoSsl.Testing;

namespace VideoSsl.Synth.Tests;

public sealed class ActionsTests
{
    [Fact]
    public void There_are_at_least_eight_distinct_classes()
    {
        Assert.True(ActionClasses.All.Count >= 8);
        var names = ActionClasses.All.Select(ActionClasses.NameOf).ToArray();
        Assert.Equal(names.Length, names.Distinct().Count());
        Assert.All(names, n => Assert.Matches("^[a-z_]+$", n));
    }

    [Fact]
    public async Task Layout_and_split_files_list_every_video_exactly_once()
    {
        using var tmp = new TempFolder("synth");
        var options = new ActionsOptions { VideosPerClass = 3, TestFraction = 1 / 3.0, Frames = 6, Seed = 5, Workers = 2 };
        var summary = await new ActionsGenerator().WriteAsync(tmp.Path, options);
        var root = summary.OutputDirectory;

        var classInd = (await File.ReadAllLinesAsync(Path.Combine(root, "classInd.txt"))).Select(l => l.Split(' ')).ToArray();
        Assert.Equal(ActionClasses.All.Count, classInd.Length);
        var labelOf = classInd.ToDictionary(f => f[1], f => int.Parse(f[0]));
        Assert.Equal(Enumerable.Range(1, classInd.Length), classInd.Select(f => int.Parse(f[0])));

        var train = (await File.ReadAllLinesAsync(Path.Combine(root, "trainlist01.txt"))).Select(l => l.Split(' ')).ToArray();
        var test = await File.ReadAllLinesAsync(Path.Combine(root, "testlist01.txt"));
        Assert.All(train, f => Assert.Equal(labelOf[f[0].Split('/')[0]], int.Parse(f[1])));
        Assert.All(test, l => Assert.DoesNotContain(' ', l));

        var listed = train.Select(f => f[0]).Concat(test).ToArray();
        var onDisk = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .ToArray();
        string[] metadata = [".synth-settings", "classInd.txt", "testlist01.txt", "trainlist01.txt"];
        Assert.Equal(onDisk.Order(), listed.Concat(metadata).Order());
        Assert.Equal(listed.Length, listed.Distinct().Count());
        Assert.Equal(ActionClasses.All.Count * 3, listed.Length);
        Assert.Equal(ActionClasses.All.Count, test.Length);
        Assert.All(listed, f => Assert.Matches(@"^([a-z_]+)/\1_\d{4}\.mp4$", f));

        var info = Ff.Probe(Path.Combine(root, listed[0]));
        Assert.Equal(new Ff.StreamInfo("h264", 64, 64, "yuv420p", 6), info);
    }

    [Fact]
    public async Task Same_seed_gives_byte_identical_files_and_another_seed_differs()
    {
        using var tmp = new TempFolder("synth");
        var options = new ActionsOptions { VideosPerClass = 1, Frames = 8, Seed = 1, Workers = 2 };
        var generator = new ActionsGenerator();
        var a = await generator.WriteAsync(tmp["a"], options);
        var b = await generator.WriteAsync(tmp["b"], options with { Workers = 1 });
        var c = await generator.WriteAsync(tmp["c"], options with { Seed = 2 });

        foreach (var file in a.Files.Append("trainlist01.txt"))
        {
            var bytesA = await File.ReadAllBytesAsync(Path.Combine(a.OutputDirectory, file));
            Assert.Equal(bytesA, await File.ReadAllBytesAsync(Path.Combine(b.OutputDirectory, file)));
        }

        Assert.All(a.Files, file => Assert.NotEqual(
            File.ReadAllBytes(Path.Combine(a.OutputDirectory, file)), File.ReadAllBytes(Path.Combine(c.OutputDirectory, file))));
    }

    [Fact]
    public void Each_class_shows_its_motion_in_the_poses()
    {
        var options = new ActionsOptions { Seed = 9 };
        for (var i = 0; i < 5; i++)
        {
            Assert.All(ActionClasses.All, action =>
            {
                var poses = ActionsGenerator.RenderClip(options, action, i).Poses;
                var (first, second, last) = (poses[0], poses[1], poses[^1]);
                switch (action)
                {
                    case ActionClass.MoveLeft: Assert.InRange(Wrapped(second.X - first.X, 64), -2.3, -0.9); break;
                    case ActionClass.MoveRight: Assert.InRange(Wrapped(second.X - first.X, 64), 0.9, 2.3); break;
                    case ActionClass.MoveUp: Assert.InRange(Wrapped(second.Y - first.Y, 64), -2.3, -0.9); break;
                    case ActionClass.MoveDown: Assert.InRange(Wrapped(second.Y - first.Y, 64), 0.9, 2.3); break;
                    case ActionClass.RotateClockwise: Assert.InRange(Wrapped(second.AngleDegrees - first.AngleDegrees, 360), 7, 19); break;
                    case ActionClass.RotateCounterclockwise: Assert.InRange(Wrapped(second.AngleDegrees - first.AngleDegrees, 360), -19, -7); break;
                    case ActionClass.ZoomIn: Assert.InRange(last.Size / first.Size, 1.3, 2.0); break;
                    case ActionClass.ZoomOut: Assert.InRange(first.Size / last.Size, 1.3, 2.0); break;
                    case ActionClass.Bounce: Assert.True(poses.Select(p => p.Y).Distinct().Count() > 5); Assert.Equal(first.X, last.X); break;
                    case ActionClass.Still: Assert.All(poses, p => Assert.Equal(first, p)); break;
                }
            });
        }
    }

    [Fact]
    public void Still_frames_differ_only_by_noise_while_moving_frames_change()
    {
        var options = new ActionsOptions { Seed = 4 };
        static double Change(ActionClip clip) =>
            clip.Video.Frames[0].Zip(clip.Video.Frames[^1], (a, b) => Math.Abs(a - b)).Average();

        var still = Enumerable.Range(0, 5).Select(i => Change(ActionsGenerator.RenderClip(options, ActionClass.Still, i))).Max();
        var moving = Enumerable.Range(0, 5).Select(i => Change(ActionsGenerator.RenderClip(options, ActionClass.MoveRight, i))).Min();

        Assert.InRange(still, 0, 4);
        Assert.True(moving > still, $"moving {moving} vs still {still}");
    }

    [Fact]
    public void First_frame_sizes_of_zoom_in_and_zoom_out_overlap_so_one_frame_does_not_tell_the_class()
    {
        var options = new ActionsOptions { Seed = 21, Frames = 20 };
        double[] FirstSizes(ActionClass action) =>
            Enumerable.Range(0, 60).Select(i => ActionsGenerator.RenderClip(options, action, i).Poses[0].Size).ToArray();
        var zoomIn = FirstSizes(ActionClass.ZoomIn);
        var zoomOut = FirstSizes(ActionClass.ZoomOut);
        var still = FirstSizes(ActionClass.Still);

        double low = Math.Max(zoomIn.Min(), zoomOut.Min()), high = Math.Min(zoomIn.Max(), zoomOut.Max());
        Assert.True(high > low, "size ranges must overlap");
        Assert.InRange(zoomIn.Count(s => s >= low && s <= high) / 60.0, 0.3, 1);
        Assert.InRange(zoomOut.Count(s => s >= low && s <= high) / 60.0, 0.3, 1);

        // The best single size threshold separating zoom-in from zoom-out must stay far from perfect.
        var best = zoomIn.Concat(zoomOut).Max(t => (zoomIn.Count(s => s < t) + zoomOut.Count(s => s >= t)) / 120.0);
        Assert.InRange(best, 0.5, 0.8);
        Assert.True(still.Min() < zoomOut.Max() && still.Max() > zoomIn.Min());
    }

    [Fact]
    public void First_frame_positions_do_not_tell_the_direction()
    {
        var options = new ActionsOptions { Seed = 22 };
        double[] FirstX(ActionClass action) =>
            Enumerable.Range(0, 60).Select(i => ActionsGenerator.RenderClip(options, action, i).Poses[0].X).ToArray();
        var left = FirstX(ActionClass.MoveLeft);
        var right = FirstX(ActionClass.MoveRight);

        var best = left.Concat(right).Max(t => Math.Max(
            left.Count(x => x < t) + right.Count(x => x >= t),
            left.Count(x => x >= t) + right.Count(x => x < t)) / 120.0);
        Assert.InRange(best, 0.5, 0.75);
    }

    private static double Wrapped(double delta, double period) => delta - period * Math.Round(delta / period);
}
