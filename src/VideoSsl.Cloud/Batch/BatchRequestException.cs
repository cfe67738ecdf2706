using System.Net;
using VideoSsl.Cloud.Batch.Models;

namespace VideoSsl.Cloud.Batch;

/// <summary>A Batch request that failed with a non-success status that is not treated as done.</summary>
public sealed class BatchRequestException : Exception
{
    public BatchRequestException(HttpStatusCode status, BatchError? error, string operation)
        : base($"Batch {operation} failed with {(int)status} {status}: {error?.ToString() ?? "no error body"}")
    {
        Status = status;
        Error = error;
    }

    public HttpStatusCode Status { get; }

    public BatchError? Error { get; }

    /// <summary>The service's error code, such as <c>JobNotFound</c>.</summary>
    public string? ErrorCode => Error?.Code;
}
