using Microsoft.ML.Tokenizers;

namespace EventAi;

/// <summary>
/// Counts tokens exactly as a model family's tokenizer does: <c>o200k_base</c> for gpt-4o, gpt-4.1,
/// gpt-4.5, gpt-5 and the o-series, <c>cl100k_base</c> for gpt-4 and gpt-3.5, and <c>o200k_base</c> for
/// any other name.
/// </summary>
public static class TokenCounter
{
    private const string O200k = "o200k_base";
    private const string Cl100k = "cl100k_base";

    private static readonly Lazy<Tokenizer> O200kTokenizer = new(() => TiktokenTokenizer.CreateForEncoding(O200k));
    private static readonly Lazy<Tokenizer> Cl100kTokenizer = new(() => TiktokenTokenizer.CreateForEncoding(Cl100k));

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
        return TokenizerFor(model).CountTokens(text);
    }

    internal static Tokenizer TokenizerFor(string? model) =>
        EncodingFor(model) == Cl100k ? Cl100kTokenizer.Value : O200kTokenizer.Value;
}
