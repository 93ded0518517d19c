namespace EventAi.Fuzz;

/// <summary>
/// <c>describe-budget</c>: the first byte picks a <see cref="DescribeOptions.MaxTokens"/> budget (8 to 1024 in
/// steps of 8) and the model (odd: gpt-4, cl100k_base; even: the default, o200k_base); the rest is the event.
/// Allowed: a description, <see cref="InvalidEventException"/>, or <see cref="TokenBudgetExceededException"/>
/// naming the budget and a larger minimum. A description never counts more tokens than the budget, and one
/// that was not reduced is exactly the description without a budget.
/// </summary>
internal static class DescribeBudgetTarget
{
    private static readonly EventDescriber?[] Budgeted = new EventDescriber?[256];
    private static readonly EventDescriber Unbudgeted = new();
    private static readonly EventDescriber UnbudgetedGpt4 = new(new DescribeOptions { Model = "gpt-4" });

    public static void Run(byte[] input)
    {
        if (input.Length == 0)
        {
            return;
        }

        byte selector = input[0];
        int budget = 8 * (1 + (selector >> 1));
        string? model = (selector & 1) == 1 ? "gpt-4" : null;
        EventDescriber describer = Budgeted[selector] ??= new EventDescriber(new DescribeOptions { MaxTokens = budget, Model = model });
        ReadOnlyMemory<byte> json = input.AsMemory(1);

        byte[]? compact;
        bool reduced = false;
        try
        {
            compact = Outcome.Of(
                () =>
                {
                    EventDescription description = describer.Describe(json);
                    reduced = description.ReducedToFitTokenBudget;
                    return description;
                },
                out _);
        }
        catch (TokenBudgetExceededException e)
        {
            FuzzCheckFailedException.ThrowUnless(
                e.Budget == budget && e.MinimumTokens > budget,
                $"TokenBudgetExceededException names the budget {budget} and a larger minimum (it says {e.Budget}, {e.MinimumTokens})");
            return;
        }

        if (compact is null)
        {
            return;
        }

        string text = FuzzTargets.Text(compact);
        int tokens = TokenCounter.CountTokens(text, model);
        FuzzCheckFailedException.ThrowUnless(tokens <= budget, $"the description counts {tokens} tokens, over the budget of {budget}");

        byte[] whole = (model is null ? Unbudgeted : UnbudgetedGpt4).Describe(json).Utf8Json.ToArray();
        if (reduced)
        {
            int wholeTokens = TokenCounter.CountTokens(FuzzTargets.Text(whole), model);
            FuzzCheckFailedException.ThrowUnless(wholeTokens > budget, $"a description of {wholeTokens} tokens was reduced to fit a budget of {budget}");
        }
        else
        {
            FuzzCheckFailedException.ThrowUnless(whole.AsSpan().SequenceEqual(compact), "a description that fits is left as it is");
        }
    }
}
