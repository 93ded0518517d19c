using System.Text.Json;
using Microsoft.ML.Tokenizers;

namespace EventAi;

/// <summary>
/// Shrinks a description until it fits a token budget, one step at a time and only as far as needed
/// (the steps of <see cref="ReductionPlan"/>). Every step is planned first; then the fewest steps that fit
/// are found by counting a few of the reduced descriptions (1, 2, 4, ... steps, then halving the last
/// gap; each step makes the description smaller), each counted part by part with the parts seen before
/// remembered, and each count stopping once it is over the budget. Time is linear in the description
/// (n log n at worst), however many steps there are.
/// </summary>
internal static class DescriptionReducer
{
    /// <summary>Whether the compact description fits the budget as it is.</summary>
    public static bool Fits(ReadOnlySpan<byte> compactUtf8, int budget, Tokenizer tokenizer) =>
        new SegmentCounter(TokenCounter.TallyFor(tokenizer)).Count(compactUtf8, limit: budget) <= budget;

    /// <summary>The description reduced until it fits; throws when even every step is not enough.</summary>
    public static byte[] Reduce(ReadOnlySpan<byte> compactUtf8, int budget, Tokenizer tokenizer)
    {
        using JsonDocument document = JsonDocument.Parse(compactUtf8.ToArray(), DescriptionJson.DocumentOptions);
        if (ReducibleNode.From(document.RootElement) is not ReducibleObject root)
        {
            throw new ArgumentException("A description is a JSON object.", nameof(compactUtf8));
        }

        int steps = ReductionPlan.Apply(root);
        var counter = new SegmentCounter(TokenCounter.TallyFor(tokenizer));
        bool FitsAfter(int step) => counter.Count(root, step, limit: budget) <= budget;

        // The description as it is does not fit (step 0); find the first number of steps that does.
        int over = 0;
        int fits = -1;
        for (int probe = Math.Min(1, steps); probe > over; probe = Math.Min(probe * 2, steps))
        {
            if (FitsAfter(probe))
            {
                fits = probe;
                break;
            }

            over = probe;
        }

        if (fits < 0)
        {
            throw new TokenBudgetExceededException(budget, counter.Count(root, steps, limit: int.MaxValue));
        }

        while (fits - over > 1)
        {
            int middle = over + ((fits - over) / 2);
            if (FitsAfter(middle))
            {
                fits = middle;
            }
            else
            {
                over = middle;
            }
        }

        return DescriptionText.Utf8At(root, fits);
    }
}
