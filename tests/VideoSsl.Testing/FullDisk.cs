namespace VideoSsl.Testing;

/// <summary>A real "No space left on device" failure, from a write to Linux's /dev/full, and a stream that fails with it.</summary>
public static class FullDisk
{
    /// <summary>The IOException .NET raises when a write finds the disk full (errno ENOSPC).</summary>
    public static IOException Error()
    {
        try
        {
            using var device = new FileStream("/dev/full", FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
            device.Write([0]);
        }
        catch (IOException e)
        {
            return e;
        }
        throw new InvalidOperationException("/dev/full accepted a write");
    }

    /// <summary>A content stream whose reading fails the way the write of its copy does on a full disk.</summary>
    public static Stream Stream() => new Failing();

    private sealed class Failing : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => 0; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw Error();

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromException<int>(Error());

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
