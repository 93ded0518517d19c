namespace EventAi;

/// <summary>Counts of one description, for callers that report what was left out.</summary>
internal struct DescriptionStats
{
    public int Exceptions;
    public int FramesTrimmed;
    public bool Reduced;
    public IReadOnlyDictionary<string, int>? Redactions;
}
