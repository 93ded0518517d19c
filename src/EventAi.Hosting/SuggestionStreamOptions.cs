namespace EventAi;

/// <summary>
/// How a live answer is shared by its readers: every concurrent request for one issue group reads the
/// same model call, each at its own pace.
/// </summary>
public sealed class SuggestionStreamOptions
{
    /// <summary>
    /// How many chunks of a live answer may wait for one reader (sent by the model, not yet read) before
    /// that reader is dropped with <see cref="SuggestionStreamOverflowException"/>, so that a stalled reader
    /// never holds up the model call or the other readers. Default 1024.
    /// </summary>
    public int ReaderBuffer { get; set; } = 1024;

    /// <summary>
    /// How long an opened <see cref="SuggestionStream"/> may go unread before it is released, so that an
    /// abandoned stream cannot keep its issue group's model call open. Default 30 seconds.
    /// </summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting that is not valid.</summary>
    internal void Validate()
    {
        if (ReaderBuffer < 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(ReaderBuffer), ReaderBuffer, $"{nameof(SuggestionStreamOptions)}.{nameof(ReaderBuffer)} must be 1 or more.");
        }

        if (IdleTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(
                nameof(IdleTimeout), IdleTimeout, $"{nameof(SuggestionStreamOptions)}.{nameof(IdleTimeout)} must be positive.");
        }
    }
}
