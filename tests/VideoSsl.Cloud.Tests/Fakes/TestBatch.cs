using VideoSsl.Cloud.Batch;

namespace VideoSsl.Cloud.Tests.Fakes;

/// <summary>A BatchClient wired to a fake handler, a fake clock and a fake credential.</summary>
public sealed class TestBatch
{
    public const string Endpoint = "https://videossl.westeurope.batch.azure.com";

    public TestBatch(FakeBatchHandler handler, int maxRetryAttempts = 4)
    {
        Handler = handler;
        Client = new BatchClient(
            new HttpClient(handler),
            Credential,
            new BatchClientOptions { Endpoint = new Uri(Endpoint), TimeProvider = Time, MaxRetryAttempts = maxRetryAttempts });
    }

    public FakeBatchHandler Handler { get; }

    public FakeTimeProvider Time { get; } = new();

    public FakeTokenCredential Credential { get; } = new();

    public BatchClient Client { get; }
}
