using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;

namespace VideoSsl.Storage.Azure;

/// <summary>
/// Outermost policy of the blob pipeline (before the SDK's retries): when a call still fails after them, because the
/// endpoint is unreachable, answers 5xx, refuses access (401/403), or no token can be had, it throws
/// <see cref="StoreUnavailableException"/> naming the container, the operation and the cause. Answers the store code
/// handles itself (404, 409, 412) pass through untouched, and this policy retries nothing.
/// </summary>
internal sealed class OutagePolicy(string credentialDescription) : HttpPipelinePolicy
{
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline, async: false).AsTask().GetAwaiter().GetResult();

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline, async: true);

    private async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline, bool async)
    {
        try
        {
            if (async)
            {
                await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
            }
            else
            {
                ProcessNext(message, pipeline);
            }
        }
        catch (Exception e) when (e is AuthenticationFailedException or CredentialUnavailableException)
        {
            throw new StoreUnavailableException("identity", credentialDescription, $"get a token for {Describe(message.Request)}", FirstLine(e.Message), e);
        }
        catch (Exception e) when (e is not StoreUnavailableException && !(e is OperationCanceledException && message.CancellationToken.IsCancellationRequested))
        {
            throw new StoreUnavailableException("store", Container(message.Request.Uri.ToUri()), Describe(message.Request), Cause(e), e);
        }

        var status = message.Response.Status;
        if (status is 401 or 403 || status >= 500)
        {
            var code = message.Response.Headers.TryGetValue("x-ms-error-code", out var value) ? $" {value}" : "";
            var cause = status is 401 or 403
                ? $"{status}{code}: access refused (the signed-in identity needs Storage Blob Data Contributor on the account; new role assignments take minutes to apply)"
                : $"{status}{code} {message.Response.ReasonPhrase} (after the SDK's retries)";
            throw new StoreUnavailableException("store", Container(message.Request.Uri.ToUri()), Describe(message.Request), cause);
        }
    }

    /// <summary>"write datasets/x/current.json", "list datasets/x/", "create container": what the request was for.</summary>
    internal static string Describe(Request request)
    {
        var uri = request.Uri.ToUri();
        var query = uri.Query;
        var blob = BlobPathOf(uri);
        if (query.Contains("comp=list", StringComparison.Ordinal))
        {
            var prefix = System.Web.HttpUtility.ParseQueryString(query)["prefix"];
            return $"list {prefix ?? "blobs"}";
        }

        if (query.Contains("restype=container", StringComparison.Ordinal))
        {
            return request.Method == RequestMethod.Put ? "create container" : "check container";
        }

        var verb = request.Method.Method switch
        {
            "GET" => "read",
            "HEAD" => "get properties of",
            "PUT" => "write",
            "DELETE" => "delete",
            _ => request.Method.Method,
        };
        return $"{verb} {blob}";
    }

    // http://127.0.0.1:10000/account/container/path (Azurite) or https://acct.blob.core.windows.net/container/path.
    private static string[] Segments(Uri uri) => uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);

    private static int ContainerIndex(Uri uri) => uri.Host is "127.0.0.1" or "localhost" ? 1 : 0;

    private static string Container(Uri uri)
    {
        var segments = Segments(uri);
        var keep = Math.Min(segments.Length, ContainerIndex(uri) + 1);
        return $"{uri.GetLeftPart(UriPartial.Authority)}/{string.Join('/', segments.Take(keep))}";
    }

    private static string BlobPathOf(Uri uri) =>
        Uri.UnescapeDataString(string.Join('/', Segments(uri).Skip(ContainerIndex(uri) + 1)));

    private static string Cause(Exception e)
    {
        // The SDK's retry policy wraps each attempt's failure in an AggregateException ("Retry failed after 6 tries").
        if (e is AggregateException aggregate && aggregate.InnerExceptions.Count > 0)
        {
            return $"{FirstLine(Innermost(aggregate.InnerExceptions[^1]).Message)} (after {aggregate.InnerExceptions.Count} tries)";
        }

        return e is OperationCanceledException ? $"no answer in time ({FirstLine(e.Message)})" : FirstLine(Innermost(e).Message);
    }

    private static Exception Innermost(Exception e) => e is RequestFailedException { InnerException: { } inner } ? inner : e;

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
