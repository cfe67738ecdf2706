using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using VideoSsl.Cloud.Batch.Models;

namespace VideoSsl.Cloud.Batch;

/// <summary>A typed client for the Azure Batch data-plane REST API (jobs, tasks, job schedules), authenticated with Entra ID.</summary>
/// <remarks>
/// Every call is idempotent: ids come from the caller, "already exists" counts as done, and each request runs inside
/// <see cref="BatchRetryPipeline"/>, the only retry layer (give it an <see cref="HttpClient"/> without a retry handler).
/// The client is immutable and thread-safe.
/// </remarks>
public sealed partial class BatchClient
{
    private static readonly MediaTypeHeaderValue JsonContentType = MediaTypeHeaderValue.Parse("application/json; odata=minimalmetadata");

    private readonly HttpClient _http;
    private readonly TokenCredential _credential;
    private readonly BatchClientOptions _options;
    private readonly ResiliencePipeline<HttpResponseMessage> _retry;
    private readonly ILogger _logger;
    private readonly string _baseUrl;

    /// <param name="http">Plain HttpClient (no retry handler: retries live in <see cref="BatchRetryPipeline"/>).</param>
    /// <param name="credential">DefaultAzureCredential or ManagedIdentityCredential, chosen at the call site.</param>
    public BatchClient(HttpClient http, TokenCredential credential, BatchClientOptions options, ILogger<BatchClient>? logger = null)
    {
        _http = http;
        _credential = credential;
        _options = options;
        _retry = BatchRetryPipeline.Create(options);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _baseUrl = options.Endpoint.AbsoluteUri.TrimEnd('/');
    }

    public BatchClientOptions Options => _options;

    /// <summary>Creates a job; a 409 <c>JobExists</c> counts as done.</summary>
    public async Task<BatchCreateOutcome> CreateJobAsync(BatchJobCreateContent job, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Post, "jobs", job, $"create job {job.Id}", cancellationToken);
        if (response.StatusCode == HttpStatusCode.Conflict && await ErrorCodeAsync(response, cancellationToken) is "JobExists")
        {
            LogAlreadyExists("job", job.Id);
            return BatchCreateOutcome.AlreadyExists;
        }

        await EnsureSuccessAsync(response, $"create job {job.Id}", cancellationToken);
        return BatchCreateOutcome.Created;
    }

    /// <summary>Reads a job's state and execution info.</summary>
    public async Task<BatchJob> GetJobAsync(string jobId, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Get, $"jobs/{Escape(jobId)}", null, $"get job {jobId}", cancellationToken);
        await EnsureSuccessAsync(response, $"get job {jobId}", cancellationToken);
        return await ReadAsync<BatchJob>(response, cancellationToken);
    }

    /// <summary>Changes the given fields of a job (PATCH); used to engage terminate-on-completion once all tasks are in.</summary>
    public async Task UpdateJobAsync(string jobId, BatchJobUpdateContent update, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Patch, $"jobs/{Escape(jobId)}", update, $"update job {jobId}", cancellationToken);
        await EnsureSuccessAsync(response, $"update job {jobId}", cancellationToken);
    }

    /// <summary>Terminates a job; a job that is already completed or terminating counts as done.</summary>
    public async Task TerminateJobAsync(string jobId, string? reason = null, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Post, $"jobs/{Escape(jobId)}/terminate", new BatchJobTerminateContent(reason), $"terminate job {jobId}", cancellationToken);
        if (response.StatusCode == HttpStatusCode.Conflict
            && await ErrorCodeAsync(response, cancellationToken) is "JobCompleted" or "JobBeingTerminated")
        {
            return;
        }

        await EnsureSuccessAsync(response, $"terminate job {jobId}", cancellationToken);
    }

    /// <summary>Lists every task of a job (all pages) with the fields needed for state polling.</summary>
    public async Task<IReadOnlyList<BatchTask>> ListTasksAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var tasks = new List<BatchTask>();
        string? next = $"jobs/{Escape(jobId)}/tasks?$select=id,displayName,url,state,stateTransitionTime,dependsOn,executionInfo";
        while (next is not null)
        {
            using var response = await SendAsync(HttpMethod.Get, next, null, $"list tasks of job {jobId}", cancellationToken);
            await EnsureSuccessAsync(response, $"list tasks of job {jobId}", cancellationToken);
            var page = await ReadAsync<BatchTaskListResult>(response, cancellationToken);
            tasks.AddRange(page.Value ?? []);
            next = page.NextLink?.AbsoluteUri;
        }

        return tasks;
    }

    /// <summary>Reads a pool's allocation state, node counts, resize errors and last autoscale run.</summary>
    public async Task<BatchPool> GetPoolAsync(string poolId, CancellationToken cancellationToken = default)
    {
        var select = "$select=id,state,allocationState,vmSize,currentDedicatedNodes,currentLowPriorityNodes,targetDedicatedNodes,targetLowPriorityNodes,enableAutoScale,resizeErrors,autoScaleRun";
        using var response = await SendAsync(HttpMethod.Get, $"pools/{Escape(poolId)}?{select}", null, $"get pool {poolId}", cancellationToken);
        await EnsureSuccessAsync(response, $"get pool {poolId}", cancellationToken);
        return await ReadAsync<BatchPool>(response, cancellationToken);
    }

    /// <summary>Creates a job schedule, or replaces its schedule and job specification when <c>JobScheduleExists</c>.</summary>
    public async Task<BatchCreateOutcome> CreateOrUpdateJobScheduleAsync(BatchJobScheduleCreateContent schedule, CancellationToken cancellationToken = default)
    {
        if (schedule.Schedule.RecurrenceInterval is { } interval && interval < BatchRecurrence.MinimumInterval)
        {
            throw new ArgumentException($"recurrenceInterval {interval} is shorter than one minute.", nameof(schedule));
        }

        using (var created = await SendAsync(HttpMethod.Post, "jobschedules", schedule, $"create job schedule {schedule.Id}", cancellationToken))
        {
            if (created.StatusCode != HttpStatusCode.Conflict || await ErrorCodeAsync(created, cancellationToken) is not "JobScheduleExists")
            {
                await EnsureSuccessAsync(created, $"create job schedule {schedule.Id}", cancellationToken);
                return BatchCreateOutcome.Created;
            }
        }

        LogAlreadyExists("job schedule", schedule.Id);
        var replacement = new BatchJobScheduleReplaceContent(schedule.Schedule, schedule.JobSpecification, schedule.Metadata);
        using var replaced = await SendAsync(HttpMethod.Put, $"jobschedules/{Escape(schedule.Id)}", replacement, $"replace job schedule {schedule.Id}", cancellationToken);
        await EnsureSuccessAsync(replaced, $"replace job schedule {schedule.Id}", cancellationToken);
        return BatchCreateOutcome.Updated;
    }

    /// <summary>
    /// One request through the retry pipeline; a fresh message, token and client-request-id per attempt. When the
    /// service cannot be reached (or no token can be had) after the retries, throws <see cref="BatchUnavailableException"/>
    /// naming <paramref name="operation"/>.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string pathOrUrl, object? body, string operation, CancellationToken cancellationToken)
    {
        var url = BuildUrl(pathOrUrl);
        var payload = body is null ? null : JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), BatchJson.Options);
        var attempts = 0;
        try
        {
            return await _retry.ExecuteAsync(
                async token =>
                {
                    attempts++;
                    using var request = new HttpRequestMessage(method, url);
                    var accessToken = await _credential.GetTokenAsync(new TokenRequestContext([BatchClientOptions.TokenScope]), token);
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken.Token);
                    request.Headers.Add("client-request-id", Guid.NewGuid().ToString());
                    if (payload is not null)
                    {
                        request.Content = new ByteArrayContent(payload);
                        request.Content.Headers.ContentType = JsonContentType;
                    }

                    var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, token);
                    if (BatchRetryPipeline.IsTransient(response.StatusCode))
                    {
                        LogTransient(method.Method, url.AbsolutePath, (int)response.StatusCode);
                    }

                    return response;
                },
                cancellationToken);
        }
        catch (Exception e) when (e is AuthenticationFailedException or CredentialUnavailableException)
        {
            throw new BatchUnavailableException("identity", _credential.GetType().Name, $"get a token for {BatchClientOptions.TokenScope} ({operation})", FirstLine(e.Message), e);
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var cause = e is OperationCanceledException ? $"no answer in time ({FirstLine(e.Message)})" : FirstLine(e.Message);
            throw new BatchUnavailableException("Batch", _baseUrl, operation, $"{cause} (after {attempts} tries)", e);
        }
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    private Uri BuildUrl(string pathOrUrl)
    {
        var url = pathOrUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || pathOrUrl.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            ? pathOrUrl
            : $"{_baseUrl}/{pathOrUrl}";

        // Next links usually carry api-version already.
        if (!url.Contains("api-version=", StringComparison.Ordinal))
        {
            url += (url.Contains('?') ? "&" : "?") + "api-version=" + _options.ApiVersion;
        }

        return new Uri(url);
    }

    private static string Escape(string id) => Uri.EscapeDataString(id);

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await JsonSerializer.DeserializeAsync<T>(stream, BatchJson.Options, cancellationToken)
            ?? throw new JsonException($"Batch returned an empty {typeof(T).Name}.");
    }

    private static async Task<BatchError?> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<BatchError>(text, BatchJson.Options);
        }
        catch (JsonException)
        {
            // Not a Batch error body (e.g. a gateway's HTML page): keep the text for the exception message.
            return new BatchError { Message = new BatchErrorMessage(null, text.Length > 500 ? text[..500] : text) };
        }
    }

    private static async Task<string?> ErrorCodeAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        (await ReadErrorAsync(response, cancellationToken))?.Code;

    private async Task EnsureSuccessAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new BatchRequestException(response.StatusCode, await ReadErrorAsync(response, cancellationToken), operation, _baseUrl);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch {Kind} {Id} already exists; treating as done")]
    private partial void LogAlreadyExists(string kind, string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Batch {Method} {Path} answered {Status}; the retry pipeline decides whether to retry")]
    private partial void LogTransient(string method, string path, int status);
}
