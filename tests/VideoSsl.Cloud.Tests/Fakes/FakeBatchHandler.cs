using System.Net;
using System.Text;

namespace VideoSsl.Cloud.Tests.Fakes;

/// <summary>A request as the fake handler saw it (body read before the client disposes it).</summary>
public sealed record RecordedRequest(HttpMethod Method, Uri Uri, string? Authorization, string? ContentType, string? ClientRequestId, string Body);

/// <summary>An HttpMessageHandler that answers from a script and records every request; no network.</summary>
public sealed class FakeBatchHandler(Func<RecordedRequest, int, HttpResponseMessage> respond) : HttpMessageHandler
{
    private readonly List<RecordedRequest> _requests = [];

    public IReadOnlyList<RecordedRequest> Requests => _requests;

    /// <summary>Answers the queued responses in order, whatever the request.</summary>
    public static FakeBatchHandler Sequence(params Func<HttpResponseMessage>[] responses) =>
        new((_, index) => index < responses.Length
            ? responses[index]()
            : throw new InvalidOperationException($"Unexpected request #{index + 1}"));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var recorded = new RecordedRequest(
            request.Method,
            request.RequestUri!,
            request.Headers.Authorization?.ToString(),
            request.Content?.Headers.ContentType?.ToString(),
            request.Headers.TryGetValues("client-request-id", out var ids) ? ids.Single() : null,
            body);
        int index;
        lock (_requests)
        {
            _requests.Add(recorded);
            index = _requests.Count - 1;
        }

        var response = respond(recorded, index);
        response.RequestMessage = request;
        return response;
    }

    public static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Status(HttpStatusCode status) => new(status) { Content = new StringContent("") };

    public static HttpResponseMessage Error(HttpStatusCode status, string code, string message = "message") =>
        Json(status, $$$"""{"code":"{{{code}}}","message":{"lang":"en-US","value":"{{{message}}}"}}""");
}
