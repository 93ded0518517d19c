using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EventAi.Testing;

/// <summary>
/// A local OpenAI-compatible chat completions server on 127.0.0.1 with a free port, for tests and
/// benchmarks: it serves the OpenAI path (<c>/v1/chat/completions</c>) and the Azure OpenAI path
/// (<c>/openai/deployments/{name}/chat/completions</c>), streams scripted answers as Server-Sent
/// Events and records every request.
/// </summary>
public sealed class FakeModelServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ModelReply> _replies = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private int _disconnects;

    private FakeModelServer(WebApplication app) => _app = app;

    /// <summary>The server's root, such as <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The base URL an OpenAI client uses: the root plus <c>v1/</c>.</summary>
    public Uri OpenAiBaseUrl => new(BaseUrl, "v1/");

    /// <summary>The answer given when no scripted answer is queued.</summary>
    public ModelReply DefaultReply { get; set; } = ModelReply.Stream("Hello", " from", " the fake model.");

    /// <summary>
    /// Answers any request carrying <c>response_format</c> with 400, as OpenAI-compatible servers without
    /// structured output do.
    /// </summary>
    public bool RejectsResponseFormat { get; set; }

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>How many streamed answers ended because the client went away.</summary>
    public int ClientDisconnects => Volatile.Read(ref _disconnects);

    /// <summary>Completes when a client goes away mid-stream.</summary>
    public TaskCompletionSource ClientDisconnected { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Queues answers, used in order by the next requests.</summary>
    public void Enqueue(params ModelReply[] replies)
    {
        foreach (ModelReply reply in replies)
        {
            _replies.Enqueue(reply);
        }
    }

    public static async Task<FakeModelServer> StartAsync(CancellationToken cancellationToken = default)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        WebApplication app = builder.Build();
        var server = new FakeModelServer(app);
        app.MapPost("/v1/chat/completions", server.HandleAsync);
        app.MapPost("/openai/deployments/{deployment}/chat/completions", server.HandleAsync);
        await app.StartAsync(cancellationToken);
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        string body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        _requests.Enqueue(new RecordedRequest(context.Request.Path, context.Request.QueryString.Value ?? "", headers, body));

        (string model, bool streaming, bool hasResponseFormat, bool asksForUsage) = Read(body);
        if (RejectsResponseFormat && hasResponseFormat)
        {
            await WriteErrorAsync(context, ModelReply.Error(400, "Unrecognized request argument supplied: response_format", "invalid_request_error"), param: "response_format");
            return;
        }

        ModelReply reply = _replies.TryDequeue(out ModelReply? next) ? next : DefaultReply;
        try
        {
            switch (reply)
            {
                case ErrorReply error:
                    await WriteErrorAsync(context, error);
                    break;
                case StreamReply stream when streaming:
                    await WriteStreamAsync(context, stream, model, asksForUsage);
                    break;
                case StreamReply whole:
                    await WriteCompletionAsync(context, whole, model);
                    break;
            }
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            Interlocked.Increment(ref _disconnects);
            ClientDisconnected.TrySetResult();
        }
    }

    private static async Task WriteErrorAsync(HttpContext context, ErrorReply error, string? param = null)
    {
        context.Response.StatusCode = error.Status;
        if (error.RetryAfter is not null)
        {
            context.Response.Headers.RetryAfter = error.RetryAfter;
        }

        if (error.RetryAfterMs is not null)
        {
            context.Response.Headers["retry-after-ms"] = error.RetryAfterMs;
        }

        context.Response.ContentType = "application/json";
        string json = JsonSerializer.Serialize(new { error = new { message = error.Message, type = error.Type, param, code = error.Type } });
        await context.Response.WriteAsync(json, context.RequestAborted);
    }

    private async Task WriteStreamAsync(HttpContext context, StreamReply reply, string model, bool includeUsage)
    {
        CancellationToken aborted = context.RequestAborted;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        await context.Response.Body.FlushAsync(aborted);

        if (reply.WithEmptyDeltas)
        {
            await WriteEventAsync(context, Chunk(model, new { role = "assistant", content = "" }, null), aborted);
            await WriteEventAsync(context, Chunk(model, new { content = "" }, null), aborted);
        }

        for (int i = 0; i < reply.Chunks.Count; i++)
        {
            if (reply.BeforeChunk is not null)
            {
                await reply.BeforeChunk(i, aborted);
            }

            if (reply.DropAfter == i)
            {
                context.Abort();
                return;
            }

            await WriteEventAsync(context, Chunk(model, new { content = reply.Chunks[i] }, null), aborted);
        }

        if (reply.DropAfter == reply.Chunks.Count)
        {
            context.Abort();
            return;
        }

        await WriteEventAsync(context, Chunk(model, new { }, reply.FinishReason), aborted);
        if (!includeUsage)
        {
            await WriteEventAsync(context, "[DONE]", aborted);
            return;
        }

        string usage = JsonSerializer.Serialize(new
        {
            id = "chatcmpl-fake",
            @object = "chat.completion.chunk",
            created = 1_764_000_000,
            model,
            choices = Array.Empty<object>(),
            usage = new { prompt_tokens = reply.PromptTokens, completion_tokens = reply.CompletionTokens, total_tokens = reply.PromptTokens + reply.CompletionTokens },
        });
        await WriteEventAsync(context, usage, aborted);
        await WriteEventAsync(context, "[DONE]", aborted);
    }

    // The same scripted answer as one chat completion, for requests that do not ask for a stream.
    private static async Task WriteCompletionAsync(HttpContext context, StreamReply reply, string model)
    {
        if (reply.DropAfter is not null)
        {
            context.Abort();
            return;
        }

        context.Response.ContentType = "application/json";
        string json = JsonSerializer.Serialize(new
        {
            id = "chatcmpl-fake",
            @object = "chat.completion",
            created = 1_764_000_000,
            model,
            choices = new[] { new { index = 0, message = new { role = "assistant", content = string.Concat(reply.Chunks) }, finish_reason = reply.FinishReason } },
            usage = new { prompt_tokens = reply.PromptTokens, completion_tokens = reply.CompletionTokens, total_tokens = reply.PromptTokens + reply.CompletionTokens },
        });
        await context.Response.WriteAsync(json, context.RequestAborted);
    }

    private static string Chunk(string model, object delta, string? finishReason) => JsonSerializer.Serialize(new
    {
        id = "chatcmpl-fake",
        @object = "chat.completion.chunk",
        created = 1_764_000_000,
        model,
        choices = new[] { new { index = 0, delta, finish_reason = finishReason } },
    });

    private static async Task WriteEventAsync(HttpContext context, string data, CancellationToken cancellationToken)
    {
        await context.Response.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"data: {data}\n\n"), cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
    }

    private static (string Model, bool Streaming, bool HasResponseFormat, bool AsksForUsage) Read(string body)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(body);
            JsonElement root = document.RootElement;
            string model = root.TryGetProperty("model", out JsonElement name) && name.ValueKind == JsonValueKind.String ? name.GetString()! : "unknown";
            bool streaming = root.TryGetProperty("stream", out JsonElement stream) && stream.ValueKind == JsonValueKind.True;

            // As OpenAI does: the usage chunk comes only when the request asks for it (stream_options.include_usage).
            bool asksForUsage = root.TryGetProperty("stream_options", out JsonElement options) && options.ValueKind == JsonValueKind.Object
                && options.TryGetProperty("include_usage", out JsonElement include) && include.ValueKind == JsonValueKind.True;
            return (model, streaming, root.TryGetProperty("response_format", out _), asksForUsage);
        }
        catch (JsonException)
        {
            return ("unknown", true, false, false);
        }
    }
}
