using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventAi;

/// <summary>
/// What a host app calls to offer "explain this error": the policy check, then one suggestion per issue
/// group, cached (in memory, and in the host's <c>IDistributedCache</c> when it registers one) and
/// generated once even under concurrent requests. Register it with <c>services.AddEventAi(...)</c>.
/// </summary>
public sealed partial class SuggestionService
{
    private readonly SuggestionClient _client;
    private readonly HybridCache _cache;
    private readonly OpenAiPolicy _policy;
    private readonly HybridCacheEntryOptions _entryOptions;
    private readonly HybridCacheEntryOptions _summaryEntryOptions;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Task<string?>> _inFlight = new(StringComparer.Ordinal);

    private static readonly HybridCacheEntryOptions LookUpOnly = new() { Flags = HybridCacheEntryFlags.DisableUnderlyingData };

    /// <summary>Creates the service.</summary>
    /// <param name="client">Generates suggestions.</param>
    /// <param name="cache">Where suggestions are kept.</param>
    /// <param name="policy">Decides whether data may go to the model service.</param>
    /// <param name="cacheOptions">How long suggestions are kept.</param>
    /// <param name="logger">Where cache failures are reported.</param>
    public SuggestionService(
        SuggestionClient client, HybridCache cache, OpenAiPolicy policy, SuggestionCacheOptions cacheOptions, ILogger<SuggestionService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(cacheOptions);
        cacheOptions.Validate();
        _client = client;
        _cache = cache;
        _policy = policy;
        _entryOptions = new HybridCacheEntryOptions { Expiration = cacheOptions.Duration, LocalCacheExpiration = cacheOptions.Duration };
        _summaryEntryOptions = new HybridCacheEntryOptions { Expiration = cacheOptions.SummaryDuration, LocalCacheExpiration = cacheOptions.SummaryDuration };
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>The client that generates suggestions (and describes events).</summary>
    public SuggestionClient Client => _client;

    /// <summary>Evaluates the policy for a caller (SPEC §5).</summary>
    /// <param name="context">Who asks.</param>
    /// <param name="cancellationToken">Stops the checks.</param>
    public ValueTask<OpenAiPolicyDecision> CheckPolicyAsync(OpenAiPolicyContext context, CancellationToken cancellationToken = default) =>
        _policy.EvaluateAsync(context, cancellationToken);

    // The caller's group key (all events of one issue share an answer), else a hash of the model, the
    // prompt version and the description. Both include the prompt version.
    internal string CacheKey(EventDescription description, string? groupKey)
    {
        ArgumentNullException.ThrowIfNull(description);
        if (!string.IsNullOrEmpty(groupKey))
        {
            return $"eventai:{SystemPrompt.Version}:group:{groupKey}";
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(_client.Model + "\n" + SystemPrompt.Version + "\n"));
        hash.AppendData(description.Utf8Json.Span);
        return $"eventai:{SystemPrompt.Version}:event:{Convert.ToHexStringLower(hash.GetHashAndReset())}";
    }

    /// <summary>
    /// The whole suggestion, from the cache or generated once for all concurrent callers of the same key.
    /// </summary>
    /// <param name="description">The event description.</param>
    /// <param name="groupKey">The issue group, when the host has one.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <exception cref="ModelServiceException">The service failed (a rate limit as <see cref="ModelRateLimitedException"/>).</exception>
    public async Task<string> SuggestAsync(EventDescription description, string? groupKey, CancellationToken cancellationToken = default)
    {
        string key = CacheKey(description, groupKey);
        bool generated = false;
        string text = await _cache.GetOrCreateAsync(
            key,
            (client: _client, description),
            async (state, token) =>
            {
                generated = true;
                return (await state.client.SuggestAsync(state.description, token).ConfigureAwait(false)).Text;
            },
            _entryOptions,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        RecordLookUp(hit: !generated);
        return text;
    }

    /// <summary>
    /// Opens the suggestion for streaming: the cached text when there is one (or when a concurrent caller
    /// of the same key finishes generating it), otherwise the model's answer live. A live answer is
    /// cached only when it completes; a cancelled or failed one caches nothing.
    /// </summary>
    /// <param name="description">The event description.</param>
    /// <param name="groupKey">The issue group, when the host has one.</param>
    /// <param name="cancellationToken">Stops waiting for the cache or a concurrent caller.</param>
    public async Task<SuggestionStream> OpenStreamAsync(EventDescription description, string? groupKey, CancellationToken cancellationToken = default)
    {
        string key = CacheKey(description, groupKey);
        while (true)
        {
            if (await GetCachedAsync(key, cancellationToken).ConfigureAwait(false) is { } cached)
            {
                RecordLookUp(hit: true);
                return SuggestionStream.FromCache(cached);
            }

            var leader = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
            Task<string?> running = _inFlight.GetOrAdd(key, leader.Task);
            if (running == leader.Task)
            {
                RecordLookUp(hit: false);
                return SuggestionStream.FromModel(StreamAndCacheAsync(description, key, leader, CancellationToken.None));
            }

            // Another caller is generating this answer: wait for it rather than calling the model again.
            if (await running.WaitAsync(cancellationToken).ConfigureAwait(false) is { } text)
            {
                RecordLookUp(hit: true);
                return SuggestionStream.FromCache(text);
            }
        }
    }

    /// <summary>
    /// The structured summary of an issue (<see cref="SuggestionClient.SummarizeAsync(EventDescription, CancellationToken)"/>),
    /// from the cache or generated once for all concurrent callers of the same key; summaries are cached
    /// apart from suggestions, for <see cref="SuggestionCacheOptions.SummaryDuration"/>.
    /// </summary>
    /// <param name="description">The event description.</param>
    /// <param name="groupKey">The issue group, when the host has one.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <exception cref="ModelServiceException">The service failed (a rate limit as <see cref="ModelRateLimitedException"/>,
    /// an unreadable answer as <see cref="InvalidModelAnswerException"/>).</exception>
    public async Task<IssueSummary> SummarizeAsync(EventDescription description, string? groupKey, CancellationToken cancellationToken = default)
    {
        string key = SummaryCacheKey(description, groupKey);
        bool generated = false;
        string json = await _cache.GetOrCreateAsync(
            key,
            (client: _client, description),
            async (state, token) =>
            {
                generated = true;
                return IssueSummaryJson.Serialize(await state.client.SummarizeAsync(state.description, token).ConfigureAwait(false));
            },
            _summaryEntryOptions,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        RecordLookUp(hit: !generated);
        return IssueSummaryJson.Deserialize(json);
    }

    // Summaries live in their own key space: the same group has a suggestion and a summary.
    internal string SummaryCacheKey(EventDescription description, string? groupKey) => CacheKey(description, groupKey).Replace(
        $"eventai:{SystemPrompt.Version}:", $"eventai:{SystemPrompt.Version}:summary:", StringComparison.Ordinal);

    private async IAsyncEnumerable<string> StreamAndCacheAsync(
        EventDescription description, string key, TaskCompletionSource<string?> leader, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        bool completed = false;
        try
        {
            await foreach (string chunk in _client.StreamAsync(description, cancellationToken).ConfigureAwait(false))
            {
                text.Append(chunk);
                yield return chunk;
            }

            completed = true;
        }
        finally
        {
            string? result = completed ? text.ToString() : null;
            if (result is not null)
            {
                await SetCachedAsync(key, result).ConfigureAwait(false);
            }

            _inFlight.TryRemove(new KeyValuePair<string, Task<string?>>(key, leader.Task));
            leader.TrySetResult(result);
        }
    }

    private async Task<string?> GetCachedAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            return await _cache.GetOrCreateAsync<string?>(key, static _ => ValueTask.FromResult<string?>(null), LookUpOnly, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogCacheFailure(_logger, e);
            return null;
        }
    }

    private async Task SetCachedAsync(string key, string text)
    {
        try
        {
            await _cache.SetAsync(key, text, _entryOptions).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogCacheFailure(_logger, e);
        }
    }

    private static void RecordLookUp(bool hit) =>
        HostingTelemetry.CacheRequestsCounter.Add(1, new KeyValuePair<string, object?>("eventai.cache.result", hit ? "hit" : "miss"));

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "The suggestion cache failed; serving without it.")]
    private static partial void LogCacheFailure(ILogger logger, Exception exception);
}
