namespace EventAi;

/// <summary>
/// An exception chain ready to be written as an event: the exceptions the description can hold, the one
/// thrown last first, and the source roots to use when <see cref="DescribeOptions.SourceRoots"/> is not set.
/// </summary>
/// <param name="NewestFirst">The exceptions kept, the one thrown last first.</param>
/// <param name="DefaultSourceRoots">Where source lines may be read from unless the options name roots.</param>
internal sealed record ExceptionChain(IReadOnlyList<ExceptionRecord> NewestFirst, IReadOnlyList<string> DefaultSourceRoots)
{
    /// <summary>The most exceptions read from a live chain, whatever the options say.</summary>
    public const int MaxLiveExceptions = 64;
}
