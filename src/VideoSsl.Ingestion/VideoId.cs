using System.Security.Cryptography;
using System.Text;

namespace VideoSsl.Ingestion;

/// <summary>Stable ids for source videos: the same path with the same content always gets the same id.</summary>
public static class VideoId
{
    /// <summary>20 hex digits of sha256(path, identity).</summary>
    public static string For(string path, string identity) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(path + "\0" + identity)))[..20].ToLowerInvariant();
}
