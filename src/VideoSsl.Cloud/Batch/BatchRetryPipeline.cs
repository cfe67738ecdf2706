using System.Net;
using Polly;
using Polly.Retry;

namespace VideoSsl.Cloud.Batch;

/// <summary>The one retry layer for Batch requests: retries 429/500/502/503/504, network errors and timeouts, honouring Retry-After.</summary>
public static class BatchRetryPipeline
{
    /// <summary>True for the statuses worth another attempt of an idempotent request.</summary>
    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests
            or HttpStatusCode.InternalServerError
            or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable
            or HttpStatusCode.GatewayTimeout;

    /// <summary>Builds the pipeline; only wrap requests that are idempotent (deterministic ids, GET, PUT, PATCH).</summary>
    public static ResiliencePipeline<HttpResponseMessage> Create(BatchClientOptions options)
    {
        var timeProvider = options.TimeProvider;
        return new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: HttpRequestException } => true,

                    // HttpClient reports its own timeout as a cancellation; only the caller's token means "stop".
                    // The add-task-collection contract asks for a timed-out request to be sent again.
                    { Exception: OperationCanceledException } => !args.Context.CancellationToken.IsCancellationRequested,
                    { Result: { } response } => IsTransient(response.StatusCode),
                    _ => false,
                }),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, timeProvider, options.MaxDelay)),
                OnRetry = args =>
                {
                    // The response being retried is never handed to the caller.
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            })
            .Build();
    }

    /// <summary>The server's Retry-After (seconds or HTTP date) as a delay, capped; null lets the backoff decide.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeProvider timeProvider, TimeSpan max)
    {
        var header = response?.Headers.RetryAfter;
        TimeSpan? delay = header switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - timeProvider.GetUtcNow(),
            _ => null,
        };
        if (delay is not { } value)
        {
            return null;
        }

        return value < TimeSpan.Zero ? TimeSpan.Zero : value > max ? max : value;
    }
}
