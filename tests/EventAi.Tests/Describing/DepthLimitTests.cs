using System.Text;
using System.Text.Json;

namespace EventAi.Tests.Describing;

/// <summary>
/// One depth limit, <see cref="EventDescriber.MaxDepth"/> (256) levels, holds on every path: deeper input
/// is an <see cref="InvalidEventException"/> with its position, and every description made works with
/// every output call.
/// </summary>
public sealed class DepthLimitTests
{
    private static readonly int[] Accepted = [65, 100, 129, 200, 255, 256];
    private static readonly int[] Rejected = [257, 300];

    [Test]
    public void The_limit_is_256()
    {
        Assert.That(EventDescriber.MaxDepth, Is.EqualTo(256));
    }

    [Test]
    public void Every_output_call_works_on_descriptions_of_events_nested_up_to_the_limit([ValueSource(nameof(Accepted))] int depth)
    {
        foreach (string json in new[] { InLogEntry(depth), InMechanismMeta(depth), InSkippedKey(depth) })
        {
            EventDescription description = Describe.Event(json);

            AssertEveryOutputWorks(description);
        }
    }

    [Test]
    public void Copied_nesting_at_the_limit_is_kept_whole()
    {
        EventDescription description = Describe.Event(InLogEntry(256));

        JsonElement innermost = description.ToJsonElement().GetProperty("message");
        int arrays = 0;
        while (innermost.ValueKind == JsonValueKind.Array && innermost.GetArrayLength() == 1)
        {
            innermost = innermost[0];
            arrays++;
        }

        Assert.That(arrays, Is.EqualTo(255), "255 arrays under the root object");
        Assert.That(innermost.GetString(), Is.EqualTo("deepest"));
    }

    [Test]
    public void Events_nested_deeper_than_the_limit_are_rejected_with_their_position([ValueSource(nameof(Rejected))] int depth)
    {
        foreach (string json in new[] { InLogEntry(depth), InMechanismMeta(depth), InSkippedKey(depth) })
        {
            InvalidEventException error = Assert.Throws<InvalidEventException>(() => Describe.Event(json))!;

            Assert.That(error.Message, Does.StartWith("The event is nested deeper than 256 levels"));
            Assert.That(error.LineNumber, Is.EqualTo(2), "the deep value starts on line 2");
            Assert.That(error.BytePositionInLine, Is.GreaterThan(256));
        }
    }

    [Test]
    public void An_element_parsed_with_a_larger_max_depth_describes_within_the_limit_and_is_rejected_beyond_it()
    {
        var options = new JsonDocumentOptions { MaxDepth = 1000 };
        using JsonDocument within = JsonDocument.Parse(InLogEntry(256), options);
        using JsonDocument beyond = JsonDocument.Parse(InLogEntry(300), options);
        var describer = new EventDescriber();

        AssertEveryOutputWorks(describer.Describe(within.RootElement));
        InvalidEventException error = Assert.Throws<InvalidEventException>(() => describer.Describe(beyond.RootElement))!;
        Assert.That(error.Message, Does.StartWith("The event is nested deeper than 256 levels"));
    }

    [Test]
    public void An_element_of_a_document_allowing_comments_and_trailing_commas_is_described()
    {
        var options = new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 1000 };
        using JsonDocument lenient = JsonDocument.Parse("""{"platform":"go", /* note */ "extra":[1,2,],}""", options);
        using JsonDocument deep = JsonDocument.Parse("{/* c */" + InLogEntry(300)[1..], options);
        var describer = new EventDescriber();

        Assert.That(describer.Describe(lenient.RootElement).ToJson(), Is.EqualTo("""{"language":"go","exceptions":[]}"""));
        Assert.Throws<InvalidEventException>(() => describer.Describe(deep.RootElement));
    }

    private static string InLogEntry(int depth) =>
        "{\"platform\":\"go\",\n\"logentry\":" + Nested(depth - 1, "\"deepest\"") + "}";

    // root, exception, values, exception, mechanism: 5 levels before meta.
    private static string InMechanismMeta(int depth) =>
        "{\"exception\":{\"values\":[{\"type\":\"E\",\n\"mechanism\":{\"meta\":" + Nested(depth - 5, "1") + "}}]}}";

    private static string InSkippedKey(int depth) =>
        "{\"platform\":\"go\",\n\"extra\":" + Nested(depth - 1, "null") + "}";

    private static string Nested(int levels, string innermost) =>
        new StringBuilder().Append('[', levels).Append(innermost).Append(']', levels).ToString();

    private static void AssertEveryOutputWorks(EventDescription description)
    {
        string compact = description.ToJson();
        string indented = description.ToJson(indented: true);
        using var compactStream = new MemoryStream();
        using var indentedStream = new MemoryStream();
        description.WriteTo(compactStream);
        description.WriteTo(indentedStream, indented: true);
        using var written = new MemoryStream();
        using (var writer = new Utf8JsonWriter(written))
        {
            description.WriteTo(writer);
        }

        JsonElement element = description.ToJsonElement();

        Assert.That(Encoding.UTF8.GetString(compactStream.ToArray()), Is.EqualTo(compact));
        Assert.That(Encoding.UTF8.GetString(indentedStream.ToArray()), Is.EqualTo(indented));
        Assert.That(element.GetRawText(), Is.EqualTo(compact));
        using JsonDocument reparsed = JsonDocument.Parse(written.ToArray(), new JsonDocumentOptions { MaxDepth = EventDescriber.MaxDepth });
        Assert.That(JsonElement.DeepEquals(reparsed.RootElement, element), Is.True);
    }
}
