namespace EventAi.AspNetCore;

/// <summary>An event as the host app stores it.</summary>
/// <param name="Json">The Sentry event payload, UTF-8 JSON.</param>
/// <param name="GroupKey">The issue group it belongs to, so all events of one issue share one answer; null when unknown.</param>
public sealed record StoredEvent(ReadOnlyMemory<byte> Json, string? GroupKey);
