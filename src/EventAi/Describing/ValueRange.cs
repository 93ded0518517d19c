using System.Text.Json;

namespace EventAi;

/// <summary>
/// Where a value of the event lies in its bytes and what JSON kind it is; <see cref="JsonValueKind.Undefined"/>
/// when the key was not there.
/// </summary>
internal readonly record struct ValueRange(int Start, int End, JsonValueKind Kind)
{
    /// <summary>The key was there, with any value.</summary>
    public bool IsDefined => Kind != JsonValueKind.Undefined;

    /// <summary>The key was there and its value is not <c>null</c>.</summary>
    public bool IsPresent => Kind is not (JsonValueKind.Undefined or JsonValueKind.Null);

    /// <summary>The first of the two that <see cref="IsPresent"/>: the ingestion name before its API or legacy alias.</summary>
    public static ValueRange FirstPresent(ValueRange preferred, ValueRange alias) => preferred.IsPresent ? preferred : alias;
}
