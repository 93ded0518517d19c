namespace EventAi;

/// <summary>Who asks for a suggestion, as a policy check sees it.</summary>
/// <param name="Organization">The caller's organization, when the host knows it.</param>
/// <param name="User">The caller, when the host knows them.</param>
/// <param name="PiiCertified">Whether the caller certified the event data free of personal data (<c>pii_certified=yes</c>).</param>
/// <param name="Consent">Whether the caller gave consent to send the data to the model service (<c>consent=yes</c>).</param>
public sealed record OpenAiPolicyContext(string? Organization, string? User, bool PiiCertified, bool Consent);
