using System.Text.Json;
using EventAi.Json;

namespace EventAi;

/// <summary>The JSON settings descriptions are read and written with.</summary>
internal static class DescriptionJson
{
    public static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 256 };

    public static readonly JsonWriterOptions CompactWriterOptions = new()
    {
        Encoder = MinimalJsonEncoder.Instance,
        SkipValidation = true,
        MaxDepth = 256,
    };

    public static readonly JsonWriterOptions IndentedWriterOptions = new()
    {
        Encoder = MinimalJsonEncoder.Instance,
        Indented = true,
        IndentSize = 2,
        NewLine = "\n",
        MaxDepth = 256,
    };
}
