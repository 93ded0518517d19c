namespace EventAi;

/// <summary>The policies of SPEC §5.</summary>
public static class OpenAiPolicyNames
{
    /// <summary>Go ahead.</summary>
    public const string Allowed = "allowed";

    /// <summary>Restricted unless the caller gave consent.</summary>
    public const string IndividualConsent = "individual_consent";

    /// <summary>Restricted: the model service is not an approved subprocessor.</summary>
    public const string Subprocessor = "subprocessor";

    /// <summary>Restricted: the data must be certified free of personal data first.</summary>
    public const string PiiCertificationRequired = "pii_certification_required";
}
