namespace EventAi;

/// <summary>
/// Which cached answer a request shares: its issue group within its organization and project, so that
/// two projects with the same group id never share an answer. Without a group key, a hash of the model,
/// the prompt version and the description stands in for the group.
/// </summary>
/// <param name="Organization">The organization the event belongs to; <c>null</c> when the host has none.</param>
/// <param name="Project">The project the event belongs to; <c>null</c> when the host has none.</param>
/// <param name="GroupKey">The issue group, so all events of one issue share one answer; <c>null</c> when unknown.</param>
public readonly record struct SuggestionKey(string? Organization, string? Project, string? GroupKey);
