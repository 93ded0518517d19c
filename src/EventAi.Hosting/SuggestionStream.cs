namespace EventAi;

/// <summary>
/// A suggestion on its way to a caller: either the cached text, whole, or the model's answer streaming
/// in (cached once it completes).
/// </summary>
public sealed class SuggestionStream
{
    private SuggestionStream(string? cachedText, IAsyncEnumerable<string>? live)
    {
        CachedText = cachedText;
        Live = live;
    }

    /// <summary>The whole cached text; <c>null</c> when the answer is streaming in.</summary>
    public string? CachedText { get; }

    /// <summary>The text deltas of a live answer; <c>null</c> when the text came from the cache.</summary>
    public IAsyncEnumerable<string>? Live { get; }

    /// <summary>Whether the text came from the cache.</summary>
    public bool IsCached => CachedText is not null;

    internal static SuggestionStream FromCache(string text) => new(text, null);

    internal static SuggestionStream FromModel(IAsyncEnumerable<string> live) => new(null, live);
}
