using Azure;
using Azure.Identity;
using VideoSsl.Cloud.Batch;
using VideoSsl.Storage;

namespace VideoSsl.Cli.Hosting;

/// <summary>
/// Turns an unreachable, failing or full store, Batch service or identity endpoint (or a full local disk) into one line
/// naming the endpoint, the operation and the cause; the verb adds a second line saying what was kept and how to continue.
/// </summary>
public static class ServiceFailure
{
    /// <summary>The one-line description of <paramref name="e"/> when it is a service failure, else null.</summary>
    public static string? Describe(Exception e) => e switch
    {
        StoreUnavailableException store => store.Message,
        BatchUnavailableException batch => batch.Message,
        BatchRequestException request => $"Batch {request.Endpoint}: {request.Operation} failed: {(int)request.Status} {request.ErrorCode}: {request.Error?.Message?.Value ?? "no error body"}",
        AuthenticationFailedException or CredentialUnavailableException => $"identity: no token could be had: {FirstLine(e.Message)}",
        AggregateException { InnerExceptions.Count: > 0 } aggregate when aggregate.InnerExceptions.All(i => Describe(i) is not null || i is HttpRequestException or RequestFailedException)
            => $"store: {FirstLine(aggregate.InnerExceptions[^1].Message)} (after {aggregate.InnerExceptions.Count} tries)",
        RequestFailedException { Status: 0 or >= 500 } failed => $"store: {FirstLine(failed.Message)}",
        HttpRequestException http => $"network: {FirstLine(http.Message)}",
        IOException io when DiskFull.Is(io) => $"local disk full: {FirstLine(io.Message)}",
        _ => null,
    };

    /// <summary>True when the failure was signing in, so the advice is about the identity rather than the service.</summary>
    public static bool IsIdentity(Exception e) =>
        e is AuthenticationFailedException or CredentialUnavailableException
        || e is StoreUnavailableException { Service: "identity" }
        || e is BatchUnavailableException { Service: "identity" };

    /// <summary>What to do about a failed sign-in, here or on a Batch node.</summary>
    public static string IdentityAdvice =>
        Environment.GetEnvironmentVariable("AZ_BATCH_NODE_ID") is not null
            ? "Check that the pool runs as the user-assigned identity whose client id the job passes (VIDEOSSL_MI_CLIENT_ID) and that it holds its roles."
            : "Sign in with `az login` or `azd auth login` (or pass --managed-identity-client-id on a machine with that identity).";

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
