namespace EventAi;

/// <summary>The outcome of the policy: allowed, or restricted with the restriction's name.</summary>
/// <param name="Restriction">The name of the restriction; <c>null</c> when allowed.</param>
public readonly record struct OpenAiPolicyDecision(string? Restriction)
{
    /// <summary>The request may go to the model service.</summary>
    public static OpenAiPolicyDecision Allowed { get; } = new(null);

    /// <summary>Whether the request may go to the model service.</summary>
    public bool IsAllowed => Restriction is null;
}
