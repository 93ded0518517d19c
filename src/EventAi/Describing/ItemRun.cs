namespace EventAi;

/// <summary>A run of items in one of the outline's lists, and the value they were read from.</summary>
internal readonly record struct ItemRun(ValueRange Source, int First, int Count);
