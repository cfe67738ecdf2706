using System.Net;
using VideoSsl.Cloud.Batch.Models;

namespace VideoSsl.Cloud.Batch;

/// <summary>A Batch request that failed with a non-success status that is not treated as done.</summary>
public sealed class BatchRequestException : Exception
{
    public BatchRequestException(HttpStatusCode status, BatchError? error, string operation, string? endpoint = null)
        : base($"Batch {operation} failed with {(int)status} {status}: {error?.ToString() ?? "no error body"}")
    {
        Status = status;
        Error = error;
        Operation = operation;
        Endpoint = endpoint;
    }

    public HttpStatusCode Status { get; }

    public BatchError? Error { get; }

    /// <summary>What was being done, e.g. "add task collection".</summary>
    public string Operation { get; }

    /// <summary>The account endpoint the request went to.</summary>
    public string? Endpoint { get; }

    /// <summary>The service's error code, such as <c>JobNotFound</c>.</summary>
    public string? ErrorCode => Error?.Code;
}
