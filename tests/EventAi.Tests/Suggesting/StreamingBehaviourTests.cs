using EventAi.Testing;

namespace EventAi.Tests.Suggesting;

/// <summary>Streaming over the wire: no buffering, failures, retries and cancellation.</summary>
public sealed class StreamingBehaviourTests : ModelServerFixture
{
    [Test]
    public async Task Chunks_are_yielded_as_they_arrive_not_buffered()
    {
        var firstChunkYielded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool heldUntilYielded = false;
        Server.Enqueue(ModelReply.Stream("first", "second") with
        {
            BeforeChunk = async (index, cancellationToken) =>
            {
                if (index == 1)
                {
                    // The server holds chunk 2 until the client has yielded chunk 1 (or gives up after 10 s).
                    Task finished = await Task.WhenAny(firstChunkYielded.Task, Task.Delay(TimeSpan.FromSeconds(10), cancellationToken));
                    heldUntilYielded = finished == firstChunkYielded.Task;
                }
            },
        });

        var chunks = new List<string>();
        await foreach (string chunk in OpenAiClient().StreamAsync(Utf8(EventJson)))
        {
            chunks.Add(chunk);
            firstChunkYielded.TrySetResult();
        }

        Assert.That(chunks, Is.EqualTo(new[] { "first", "second" }));
        Assert.That(heldUntilYielded, Is.True, "chunk 1 reached the caller while the server still held chunk 2");
    }

    [Test]
    public async Task A_rate_limit_surfaces_at_once_with_the_error_object_and_retry_after()
    {
        Server.Enqueue(ModelReply.Error(429, "Rate limit reached for gpt-4o-mini", "rate_limit_exceeded", retryAfter: "20"));

        ModelRateLimitedException error = Assert.ThrowsAsync<ModelRateLimitedException>(
            async () => await CollectAsync(OpenAiClient().StreamAsync(Utf8(EventJson))))!;

        Assert.That(error.Status, Is.EqualTo(429));
        Assert.That(error.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(20)));
        Assert.That(error.Error!.Value.GetProperty("type").GetString(), Is.EqualTo("rate_limit_exceeded"));
        Assert.That(error.Message, Does.Contain("429").And.Contain("Rate limit reached"));
        Assert.That(Server.Requests, Has.Count.EqualTo(1), "a rate limit is not retried");
    }

    [Test]
    public async Task A_server_error_is_retried_by_the_sdk_pipeline_and_then_succeeds()
    {
        Server.Enqueue(ModelReply.Error(500, "The server had an error"), ModelReply.Stream("recovered"));

        List<string> chunks = await CollectAsync(OpenAiClient().StreamAsync(Utf8(EventJson)));

        Assert.That(chunks, Is.EqualTo(new[] { "recovered" }));
        Assert.That(Server.Requests, Has.Count.EqualTo(2));
    }

    [Test]
    public void A_server_error_that_persists_surfaces_as_a_service_exception_with_status_and_message()
    {
        Server.DefaultReply = ModelReply.Error(503, "Service unavailable, try later");

        ModelServiceException error = Assert.ThrowsAsync<ModelServiceException>(
            async () => await CollectAsync(OpenAiClient(maxRetries: 1).StreamAsync(Utf8(EventJson))))!;

        Assert.That(error, Is.Not.InstanceOf<ModelRateLimitedException>());
        Assert.That(error.Status, Is.EqualTo(503));
        Assert.That(error.Message, Is.EqualTo("The model service answered 503: Service unavailable, try later"));
        Assert.That(Server.Requests, Has.Count.EqualTo(2), "one try and one retry");
    }

    [Test]
    public async Task A_connection_dropped_mid_stream_surfaces_as_a_service_exception_after_the_chunks_so_far()
    {
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Server.Enqueue(ModelReply.Stream("partial", "never") with
        {
            DropAfter = 1,
            BeforeChunk = (index, cancellationToken) => index == 1 ? received.Task.WaitAsync(cancellationToken) : Task.CompletedTask,
        });
        var chunks = new List<string>();

        ModelServiceException? error = null;
        try
        {
            await foreach (string chunk in OpenAiClient().StreamAsync(Utf8(EventJson)))
            {
                chunks.Add(chunk);
                received.TrySetResult();
            }
        }
        catch (ModelServiceException e)
        {
            error = e;
        }

        Assert.That(error, Is.Not.Null, $"chunks: {string.Join("|", chunks)}; requests: {Server.Requests.Count}");

        Assert.That(chunks, Is.EqualTo(new[] { "partial" }));
        Assert.That(Server.Requests, Has.Count.EqualTo(1), "a stream that broke after its first chunk is not retried");
        Assert.That(error!.Status, Is.Null);
        Assert.That(error.Message, Does.StartWith("The connection to the model service at ").And.EndWith(" was lost while it was answering."));
    }

    [Test]
    public async Task Cancelling_mid_stream_stops_the_stream_and_closes_the_connection()
    {
        var hold = new TaskCompletionSource();
        Server.Enqueue(ModelReply.Stream("one", "two") with
        {
            BeforeChunk = (index, cancellationToken) => index == 1 ? hold.Task.WaitAsync(cancellationToken) : Task.CompletedTask,
        });
        using var cancellation = new CancellationTokenSource();
        var chunks = new List<string>();

        Assert.CatchAsync<OperationCanceledException>(async () =>
        {
            await foreach (string chunk in OpenAiClient().StreamAsync(Utf8(EventJson), cancellation.Token))
            {
                chunks.Add(chunk);
                await cancellation.CancelAsync();
            }
        });

        Assert.That(chunks, Is.EqualTo(new[] { "one" }));
        await Server.ClientDisconnected.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(Server.ClientDisconnects, Is.EqualTo(1));
    }

    [Test]
    public async Task Leaving_the_loop_early_closes_the_connection()
    {
        var hold = new TaskCompletionSource();
        Server.Enqueue(ModelReply.Stream("one", "two") with
        {
            BeforeChunk = (index, cancellationToken) => index == 1 ? hold.Task.WaitAsync(cancellationToken) : Task.CompletedTask,
        });

        await foreach (string chunk in OpenAiClient().StreamAsync(Utf8(EventJson)))
        {
            break;
        }

        await Server.ClientDisconnected.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(Server.ClientDisconnects, Is.EqualTo(1));
    }

    [Test]
    public void The_api_key_appears_in_no_message_or_to_string()
    {
        Server.DefaultReply = ModelReply.Error(401, "Incorrect API key provided", "invalid_request_error");

        ModelServiceException error = Assert.ThrowsAsync<ModelServiceException>(
            async () => await CollectAsync(OpenAiClient(maxRetries: 0).StreamAsync(Utf8(EventJson))))!;

        Assert.That(error.Status, Is.EqualTo(401));
        Assert.That(error.ToString(), Does.Not.Contain(ApiKey));
        Assert.That(error.Message, Does.Not.Contain(ApiKey));
        Assert.That(OpenAiOptions().ToString(), Does.Not.Contain(ApiKey).And.Contain("API key set"));
        Assert.That(AzureOptions().ToString(), Does.Not.Contain(ApiKey));
    }
}
