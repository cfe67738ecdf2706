namespace VideoSsl.Storage;

/// <summary>
/// A store (or the identity endpoint that signs its requests) could not be reached, gave no answer, or refused the
/// request, after the SDK's retries: names the endpoint, the operation and the cause, for a one-line message.
/// </summary>
/// <remarks>
/// Not an <see cref="IOException"/> on purpose: code that treats an unreadable input file as that input's problem
/// must not mistake an outage of the whole store for it.
/// </remarks>
public sealed class StoreUnavailableException(string service, string endpoint, string operation, string cause, Exception? inner = null)
    : Exception($"{service} {endpoint}: {operation} failed: {cause}", inner)
{
    /// <summary>"store", or "identity" when no token could be had for the request.</summary>
    public string Service { get; } = service;

    /// <summary>The container URL, or the credential that failed.</summary>
    public string Endpoint { get; } = endpoint;

    /// <summary>What was being done, e.g. "write datasets/x/v1/videos/abc.json".</summary>
    public string Operation { get; } = operation;

    /// <summary>Why it failed, in one line.</summary>
    public string Cause { get; } = cause;
}
