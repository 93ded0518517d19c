using Microsoft.ML.Tokenizers;

namespace EventAi;

/// <summary>
/// Counts tokens exactly as a model family's tokenizer does: <c>o200k_base</c> for gpt-4o, gpt-4.1,
/// gpt-4.5, gpt-5 and the o-series, <c>cl100k_base</c> for gpt-4 and gpt-3.5, and <c>o200k_base</c> for
/// any other name. Time grows with the text as n log n at worst, also for long runs without a split
/// point (CJK text, one letter repeated), which the tokenizer alone encodes in quadratic time.
/// </summary>
public static class TokenCounter
{
    private const string O200k = "o200k_base";
    private const string Cl100k = "cl100k_base";

    private static readonly Lazy<TokenTally> O200kTally = new(() => new TokenTally(TiktokenTokenizer.CreateForEncoding(O200k), O200k));
    private static readonly Lazy<TokenTally> Cl100kTally = new(() => new TokenTally(TiktokenTokenizer.CreateForEncoding(Cl100k), Cl100k));

    /// <summary>The tokenizer encoding used for a model name.</summary>
    /// <param name="model">A model name; <c>null</c> or unknown names use <c>o200k_base</c>.</param>
    public static string EncodingFor(string? model) =>
        ModelFamilies.IsAnyOf(model, ["gpt-4o", "chatgpt-4o", "gpt-4.1", "gpt-4.5", "gpt-5", "o1", "o3", "o4"]) ? O200k
        : ModelFamilies.IsAnyOf(model, ["gpt-4", "gpt-3.5", "gpt-35", "text-embedding-ada", "text-embedding-3"]) ? Cl100k
        : O200k;

    /// <summary>How many tokens the text is for the model's tokenizer.</summary>
    /// <param name="text">The text, such as a compact description.</param>
    /// <param name="model">The model name; see <see cref="EncodingFor"/>.</param>
    public static int CountTokens(string text, string? model)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TallyFor(model).Count(text);
    }

    internal static Tokenizer TokenizerFor(string? model) => TallyFor(model).Tokenizer;

    internal static TokenTally TallyFor(string? model) => EncodingFor(model) == Cl100k ? Cl100kTally.Value : O200kTally.Value;

    /// <summary>The tally of one of the tokenizers above; any other tokenizer is counted by itself, piece by piece.</summary>
    internal static TokenTally TallyFor(Tokenizer tokenizer) =>
        O200kTally.IsValueCreated && ReferenceEquals(tokenizer, O200kTally.Value.Tokenizer) ? O200kTally.Value
        : Cl100kTally.IsValueCreated && ReferenceEquals(tokenizer, Cl100kTally.Value.Tokenizer) ? Cl100kTally.Value
        : new TokenTally(tokenizer, encoding: null);
}
