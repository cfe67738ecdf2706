using System.Net;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.Storage.Blobs;
using VideoSsl.Storage;
using VideoSsl.Storage.Azure;

namespace VideoSsl.Storage.Tests;

/// <summary>What a blob store says once the SDK's retries are spent: the endpoint, the operation and the cause, in one line.</summary>
public sealed class StoreOutageTests
{
    private const string Account = "https://acct.blob.core.windows.net";

    private static (AzureBlobStore Store, List<HttpRequestMessage> Requests) Store(Func<HttpRequestMessage, HttpResponseMessage> respond, TokenCredential? credential = null)
    {
        var requests = new List<HttpRequestMessage>();
        var options = BlobStoreFactory.ClientOptions(BlobStoreFactory.DescribeCredential("11111111-2222-3333-4444-555555555555"));
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(1);
        options.Transport = new HttpClientTransport(new HttpClient(new Handler(request =>
        {
            lock (requests)
            {
                requests.Add(request);
            }

            return respond(request);
        })));
        var service = new BlobServiceClient(new Uri(Account), credential ?? new FixedCredential(), options);
        return (new AzureBlobStore(service.GetBlobContainerClient("clips")), requests);
    }

    [Fact]
    public async Task A_store_answering_503_after_the_retries_names_the_container_the_operation_and_the_status()
    {
        var (store, requests) = Store(_ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Headers = { { "x-ms-error-code", "ServerBusy" } } });

        var e = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.ReadTextAsync("runs/nightly/checkpoints/latest.json"));

        Assert.Equal("store", e.Service);
        Assert.Equal($"{Account}/clips", e.Endpoint);
        Assert.Equal("read runs/nightly/checkpoints/latest.json", e.Operation);
        Assert.StartsWith("503 ServerBusy", e.Cause, StringComparison.Ordinal);
        Assert.Equal(3, requests.Count); // the SDK's own retries, and no others
    }

    [Fact]
    public async Task Refused_access_says_which_role_is_missing()
    {
        var (store, _) = Store(_ => new HttpResponseMessage(HttpStatusCode.Forbidden) { Headers = { { "x-ms-error-code", "AuthorizationPermissionMismatch" } } });

        var e = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.GetPropertiesAsync("datasets/x/current.json"));

        Assert.Equal("get properties of datasets/x/current.json", e.Operation);
        Assert.Contains("403 AuthorizationPermissionMismatch", e.Cause, StringComparison.Ordinal);
        Assert.Contains("Storage Blob Data Contributor", e.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answers_the_store_handles_itself_pass_through()
    {
        var (store, _) = Store(_ => new HttpResponseMessage(HttpStatusCode.NotFound));

        Assert.Null(await store.GetPropertiesAsync("datasets/x/current.json"));
    }

    [Fact]
    public async Task A_failed_sign_in_names_the_managed_identity()
    {
        var (store, requests) = Store(_ => new HttpResponseMessage(HttpStatusCode.OK), new NoIdentity());

        var e = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.GetPropertiesAsync("datasets/x/current.json"));

        Assert.Equal("identity", e.Service);
        Assert.Equal("managed identity 11111111-2222-3333-4444-555555555555 (instance metadata endpoint)", e.Endpoint);
        Assert.Equal("get a token for get properties of datasets/x/current.json", e.Operation);
        Assert.Equal("ManagedIdentityCredential authentication unavailable.", e.Cause);
        Assert.Empty(requests);
    }

    private sealed class Handler(Func<HttpRequestMessage, HttpResponseMessage> respond) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => Task.FromResult(respond(request));
    }

    private sealed class FixedCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => new("token", DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(GetToken(requestContext, cancellationToken));
    }

    private sealed class NoIdentity : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new CredentialUnavailableException("ManagedIdentityCredential authentication unavailable.\nNo response from the instance metadata endpoint.");

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(GetToken(requestContext, cancellationToken));
    }
}
