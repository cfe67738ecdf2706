using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using VideoSsl.Cloud.Batch;
using VideoSsl.Cloud.Batch.Models;
using VideoSsl.Cloud.Tests.Fakes;
using static VideoSsl.Cloud.Tests.Fakes.FakeBatchHandler;

namespace VideoSsl.Cloud.Tests;

public sealed class BatchClientTaskCollectionTests
{
    private static List<BatchTaskCreateContent> Tasks(int count) =>
        Enumerable.Range(0, count).Select(i => new BatchTaskCreateContent($"t{i:D3}", $"echo {i}")).ToList();

    private static IReadOnlyList<string> SentIds(RecordedRequest request) =>
        JsonNode.Parse(request.Body)!["value"]!.AsArray().Select(t => t!["id"]!.GetValue<string>()).ToList();

    private static string Results(IEnumerable<string> ids, Func<string, string?>? status = null) =>
        JsonSerializer.Serialize(new { value = ids.Select(id => status?.Invoke(id) is { } s ? JsonNode.Parse(s) : JsonNode.Parse($$"""{"taskId":"{{id}}","status":"success"}""")) });

    private static FakeBatchHandler AllSucceed() =>
        new((request, _) => Json(HttpStatusCode.OK, Results(SentIds(request))));

    [Fact]
    public async Task One_hundred_fifty_tasks_go_in_two_requests_of_100_and_50_in_order()
    {
        var batch = new TestBatch(AllSucceed());
        var tasks = Tasks(150);

        var result = await batch.Client.AddTasksAsync("run-1", tasks);

        Assert.Equal(2, batch.Handler.Requests.Count);
        Assert.All(batch.Handler.Requests, r => Assert.Equal($"{TestBatch.Endpoint}/jobs/run-1/addtaskcollection?api-version=2025-06-01", r.Uri.AbsoluteUri));
        Assert.Equal(tasks.Take(100).Select(t => t.Id), SentIds(batch.Handler.Requests[0]));
        Assert.Equal(tasks.Skip(100).Select(t => t.Id), SentIds(batch.Handler.Requests[1]));
        Assert.Equal(150, result.Added.Count);
        Assert.True(result.Succeeded);
        Assert.Equal(2, result.Requests);
    }

    [Fact]
    public async Task Partial_failure_resends_only_the_server_failed_tasks_and_reports_permanent_ones()
    {
        var handler = new FakeBatchHandler((request, index) => Json(HttpStatusCode.OK, Results(SentIds(request), id => (index, id) switch
        {
            (0, "t001") => """{"taskId":"t001","status":"servererror","error":{"code":"ServerBusy","message":{"value":"busy"}}}""",
            (0, "t002") => """{"taskId":"t002","status":"clienterror","error":{"code":"TaskExists","message":{"value":"exists"}}}""",
            (0, "t003") => """{"taskId":"t003","status":"clienterror","error":{"code":"InvalidPropertyValue","message":{"value":"bad command"},"values":[{"key":"PropertyName","value":"commandLine"}]}}""",
            (0, "t004") => """{"taskId":"t004","status":"servererror","error":{"code":"OperationTimedOut"}}""",
            _ => null,
        })));
        var batch = new TestBatch(handler);

        var result = await batch.Client.AddTasksAsync("run-1", Tasks(5));

        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal(["t001", "t004"], SentIds(handler.Requests[1]));
        Assert.Equal(["t000", "t001", "t004"], result.Added.Order());
        Assert.Equal(["t002"], result.AlreadyExisted);
        var failure = Assert.Single(result.Failed);
        Assert.Equal("t003", failure.TaskId);
        Assert.Equal("InvalidPropertyValue", failure.Error!.Code);
        Assert.False(result.Succeeded);
        Assert.Single(batch.Time.Delays); // one backoff before the resend, through the fake clock
    }

    [Fact]
    public async Task Server_failures_past_the_resend_budget_are_reported()
    {
        var handler = new FakeBatchHandler((request, _) => Json(HttpStatusCode.OK, Results(SentIds(request),
            id => id == "t000" ? """{"taskId":"t000","status":"servererror","error":{"code":"ServerBusy"}}""" : null)));
        var batch = new TestBatch(handler);

        var result = await batch.Client.AddTasksAsync("run-1", Tasks(2));

        Assert.Equal(batch.Client.Options.MaxTaskResendRounds + 1, handler.Requests.Count);
        Assert.Equal("ServerBusy", Assert.Single(result.Failed).Error!.Code);
        Assert.Equal(["t001"], result.Added);
    }

    [Fact]
    public async Task Throttled_collection_is_retried_whole_and_existing_tasks_count_as_done()
    {
        var handler = new FakeBatchHandler((request, index) => index == 0
            ? Error(HttpStatusCode.TooManyRequests, "TooManyRequests")
            : Json(HttpStatusCode.OK, Results(SentIds(request), id => $$$"""{"taskId":"{{{id}}}","status":"clienterror","error":{"code":"TaskExists"}}""")));
        var batch = new TestBatch(handler);

        var result = await batch.Client.AddTasksAsync("run-1", Tasks(3));

        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal(3, result.AlreadyExisted.Count);
        Assert.True(result.Succeeded);
    }

    [Fact]
    public async Task Oversized_body_is_split_in_half()
    {
        var handler = new FakeBatchHandler((request, _) => SentIds(request).Count > 2
            ? Error(HttpStatusCode.RequestEntityTooLarge, "RequestBodyTooLarge")
            : Json(HttpStatusCode.OK, Results(SentIds(request))));
        var batch = new TestBatch(handler);

        var result = await batch.Client.AddTasksAsync("run-1", Tasks(4));

        Assert.Equal(4, result.Added.Count);
        Assert.Equal(["t000", "t001", "t002", "t003"], result.Added);
    }

    [Fact]
    public async Task Duplicate_ids_are_rejected_before_any_request()
    {
        var batch = new TestBatch(AllSucceed());
        var tasks = new[] { new BatchTaskCreateContent("a", "x"), new BatchTaskCreateContent("A", "y") };

        await Assert.ThrowsAsync<ArgumentException>(() => batch.Client.AddTasksAsync("run-1", tasks));
        Assert.Empty(batch.Handler.Requests);
    }
}
