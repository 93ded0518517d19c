namespace EventAi.Mcp;

/// <summary>
/// Who is calling the tools, for the data policy (SPEC §5) that <c>suggest_fix</c> and <c>summarize_issue</c>
/// check before anything goes to the model service. Scoped to one request: <c>MapEventAiMcp</c> sets it from
/// the HTTP request; a host with its own transport may set it; otherwise it is an anonymous caller.
/// </summary>
public sealed class EventAiMcpCaller
{
    /// <summary>The organization, user, consent and PII certification of the caller.</summary>
    public OpenAiPolicyContext Context { get; set; } = new(Organization: null, User: null, PiiCertified: false, Consent: false);
}
