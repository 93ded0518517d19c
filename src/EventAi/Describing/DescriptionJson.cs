using System.Text.Json;
using EventAi.Json;

namespace EventAi;

/// <summary>
/// The JSON settings descriptions are read and written with. A description nests no deeper than the
/// event it comes from, and events nest at most <see cref="EventDescriber.MaxDepth"/> levels, so every
/// read and write of a description allows that depth.
/// </summary>
internal static class DescriptionJson
{
    public static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = EventDescriber.MaxDepth };

    public static readonly JsonWriterOptions CompactWriterOptions = new()
    {
        Encoder = MinimalJsonEncoder.Instance,
        SkipValidation = true,
        MaxDepth = EventDescriber.MaxDepth,
    };

    public static readonly JsonWriterOptions IndentedWriterOptions = new()
    {
        Encoder = MinimalJsonEncoder.Instance,
        Indented = true,
        IndentSize = 2,
        NewLine = "\n",
        MaxDepth = EventDescriber.MaxDepth,
    };
}
