namespace EventAi.Testing;

/// <summary>What the fake model server answers to one chat request.</summary>
public abstract record ModelReply
{
    /// <summary>
    /// A streamed answer: one SSE chunk per text, then the finish reason, the usage (when the request asks for it
    /// with <c>stream_options.include_usage</c>, as OpenAI requires) and [DONE].
    /// </summary>
    public static StreamReply Stream(params string[] chunks) => new(chunks);

    /// <summary>An error status with an OpenAI-style error body.</summary>
    public static ErrorReply Error(int status, string message, string type = "server_error", string? retryAfter = null) =>
        new(status, message, type, retryAfter);
}

/// <summary>A streamed chat completion.</summary>
public sealed record StreamReply(IReadOnlyList<string> Chunks) : ModelReply
{
    /// <summary>Awaited before each chunk with its index; lets a test hold a chunk back.</summary>
    public Func<int, CancellationToken, Task>? BeforeChunk { get; init; }

    /// <summary>When set, the connection is aborted after this many text chunks (after <see cref="BeforeChunk"/> of the next).</summary>
    public int? DropAfter { get; init; }

    /// <summary>Sends a role-only chunk and an empty-content chunk first, as real services do.</summary>
    public bool WithEmptyDeltas { get; init; } = true;

    public string FinishReason { get; init; } = "stop";

    public int PromptTokens { get; init; } = 42;

    public int CompletionTokens { get; init; } = 7;
}

/// <summary>An error answer.</summary>
public sealed record ErrorReply(int Status, string Message, string Type, string? RetryAfter) : ModelReply
{
    /// <summary>When set, sent as the <c>retry-after-ms</c> header (as OpenAI and Azure OpenAI do).</summary>
    public string? RetryAfterMs { get; init; }
}
