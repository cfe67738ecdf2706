namespace VideoSsl.Cloud.Batch;

/// <summary>Settings of a <see cref="BatchClient"/>: account endpoint, API version and the retry budget.</summary>
public sealed record BatchClientOptions
{
    /// <summary>The Entra ID scope for the Batch data plane (the double slash is part of it).</summary>
    public const string TokenScope = "https://batch.core.windows.net//.default";

    /// <summary>The Batch account endpoint, e.g. https://myaccount.westeurope.batch.azure.com (AZURE_BATCH_ACCOUNT_ENDPOINT).</summary>
    public required Uri Endpoint { get; init; }

    public string ApiVersion { get; init; } = "2025-06-01";

    /// <summary>Retries of one request on 429/5xx/network errors before giving up.</summary>
    public int MaxRetryAttempts { get; init; } = 6;

    /// <summary>First backoff delay when the service sends no Retry-After; grows exponentially with jitter.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound on any single wait, including a server's Retry-After.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Rounds of resending tasks that add-task-collection rejected with a server error.</summary>
    public int MaxTaskResendRounds { get; init; } = 5;

    /// <summary>Clock and delays for retries and polling; tests pass a fake one so waits are instant and observable.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
