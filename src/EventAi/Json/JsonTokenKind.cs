namespace EventAi.Json;

/// <summary>The kind of token <see cref="JsonScanner"/> stands on.</summary>
internal enum JsonTokenKind : byte
{
    None,
    StartObject,
    EndObject,
    StartArray,
    EndArray,
    PropertyName,
    String,
    Number,
    True,
    False,
    Null,
}
