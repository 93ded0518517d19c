namespace EventAi;

/// <summary>An event as the Sentry API returned it: its JSON, byte for byte, and the ids it carries.</summary>
public sealed class SentryEvent
{
    internal SentryEvent(ReadOnlyMemory<byte> json, string? eventId, string? issueId, string? projectId)
    {
        Json = json;
        EventId = eventId;
        IssueId = issueId;
        ProjectId = projectId;
    }

    /// <summary>
    /// The event in the API's shape (exceptions, message, stack trace and threads under <c>entries</c>,
    /// camel-cased frames), UTF-8 JSON exactly as Sentry sent it.
    /// </summary>
    public ReadOnlyMemory<byte> Json { get; }

    /// <summary>The event id (<c>eventID</c>), 32 hexadecimal characters.</summary>
    public string? EventId { get; }

    /// <summary>The issue the event belongs to (<c>groupID</c>): the group key under which its answers are cached.</summary>
    public string? IssueId { get; }

    /// <summary>The project's numeric id (<c>projectID</c>).</summary>
    public string? ProjectId { get; }

    /// <summary>The ids, not the content.</summary>
    public override string ToString() => $"Sentry event {EventId} of issue {IssueId} ({Json.Length} bytes)";
}
