namespace VideoSsl.Cloud.Batch;

/// <summary>
/// The Batch service or the identity endpoint that signs its requests could not be reached or gave no answer, after
/// the retry budget: names the endpoint, the operation and the cause, for a one-line message.
/// </summary>
public sealed class BatchUnavailableException(string service, string endpoint, string operation, string cause, Exception? inner = null)
    : Exception($"{service} {endpoint}: {operation} failed: {cause}", inner)
{
    /// <summary>"Batch", or "identity" when no token could be had for the request.</summary>
    public string Service { get; } = service;

    /// <summary>The account endpoint, or the credential that failed.</summary>
    public string Endpoint { get; } = endpoint;

    /// <summary>What was being done, e.g. "create job nightly-202501010200".</summary>
    public string Operation { get; } = operation;

    /// <summary>Why it failed, in one line.</summary>
    public string Cause { get; } = cause;
}
