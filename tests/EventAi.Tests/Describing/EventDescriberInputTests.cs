using System.Text;
using System.Text.Json;

namespace EventAi.Tests.Describing;

/// <summary>SPEC §1: what the describer accepts and how it rejects what is not an event.</summary>
public sealed class EventDescriberInputTests
{
    [Test]
    public void Unknown_keys_are_ignored()
    {
        JsonElement description = Describe.Json("""{"whatever":{"exception":1},"level":"error","extra":[1,2]}""");

        Assert.That(Describe.Keys(description), Is.EqualTo(new[] { "exceptions" }));
    }

    [TestCase("""{"exception":null}""")]
    [TestCase("""{"exception":"boom"}""")]
    [TestCase("""{"exception":{"values":{}}}""")]
    [TestCase("""{"exception":{"values":"x"}}""")]
    [TestCase("""{"exception":{"values":[1,"two",null,[],true]}}""")]
    [TestCase("""{"stacktrace":[]}""")]
    [TestCase("""{"stacktrace":{"frames":{}}}""")]
    [TestCase("""{"stacktrace":{"frames":[null,3,"f"]}}""")]
    public void Wrong_typed_containers_are_treated_as_absent(string json)
    {
        JsonElement description = Describe.Json(json);

        Assert.That(description.GetProperty("exceptions").GetArrayLength(), Is.Zero);
        Assert.That(description.TryGetProperty("stacktrace", out _), Is.False);
    }

    [Test]
    public void Wrong_typed_values_inside_an_exception_are_treated_as_absent()
    {
        const string Json = """
            {"exception":{"values":[{"type":"E","value":"v","mechanism":"oops","thread_id":{},
              "stacktrace":{"frames":{"function":"f"}}}]},"threads":7}
            """;

        JsonElement exception = Describe.Exception(Json);

        Assert.That(Describe.Keys(exception), Is.EqualTo(new[] { "num", "type", "message" }));
    }

    [Test]
    public void Frames_given_as_an_object_are_treated_as_absent()
    {
        JsonElement exception = Describe.Exception("""{"exception":{"values":[{"type":"E","stacktrace":{"frames":{}}}]}}""");

        Assert.That(exception.TryGetProperty("stacktrace", out _), Is.False);
    }

    [Test]
    public void Input_that_is_not_json_throws_with_line_and_byte_position()
    {
        byte[] json = Encoding.UTF8.GetBytes("{\n  \"a\": 1,\n  \"b\": tru\n}");

        InvalidEventException error = Assert.Throws<InvalidEventException>(() => new EventDescriber().Describe(json))!;

        Assert.That(error.LineNumber, Is.EqualTo(3));
        Assert.That(error.BytePositionInLine, Is.GreaterThan(0));
        Assert.That(error.Message, Does.Contain("not valid JSON").And.Contain("line 3"));
    }

    [Test]
    public void Empty_input_throws_invalid_event()
    {
        Assert.Throws<InvalidEventException>(() => new EventDescriber().Describe(ReadOnlyMemory<byte>.Empty));
    }

    [TestCase("[]", "an array")]
    [TestCase("\n\n  \"event\"", "a string")]
    [TestCase("42", "a number")]
    [TestCase("null", "null")]
    public void A_root_that_is_not_an_object_throws_with_its_position(string json, string kind)
    {
        InvalidEventException error = Assert.Throws<InvalidEventException>(() => new EventDescriber().Describe(Encoding.UTF8.GetBytes(json)))!;

        Assert.That(error.Message, Does.Contain($"root is {kind}, not a JSON object"));
        Assert.That(error.LineNumber, Is.EqualTo(json.Count(c => c == '\n') + 1));
        Assert.That(error.BytePositionInLine, Is.EqualTo(json.StartsWith('\n') ? 3 : 1));
    }

    [Test]
    public void A_json_element_that_is_not_an_object_throws()
    {
        using JsonDocument document = JsonDocument.Parse("[1]");

        Assert.Throws<InvalidEventException>(() => new EventDescriber().Describe(document.RootElement));
    }

    [Test]
    public void Bytes_stream_and_element_inputs_give_the_same_description()
    {
        const string Json = """{"platform":"python","exception":{"values":[{"type":"E","value":"é"}]}}""";
        byte[] bytes = Encoding.UTF8.GetBytes(Json);
        var describer = new EventDescriber();
        using JsonDocument document = JsonDocument.Parse(Json);

        string fromBytes = describer.Describe(bytes).ToJson();
        string fromStream = describer.Describe(new MemoryStream(bytes)).ToJson();
        string fromElement = describer.Describe(document.RootElement).ToJson();

        Assert.That(fromStream, Is.EqualTo(fromBytes));
        Assert.That(fromElement, Is.EqualTo(fromBytes));
    }

    [Test]
    public async Task Describe_async_reads_a_stream_to_its_end()
    {
        byte[] bytes = Encoding.UTF8.GetBytes("""{"platform":"go"}""");

        EventDescription description = await new EventDescriber().DescribeAsync(new MemoryStream(bytes), CancellationToken.None);

        Assert.That(description.ToJson(), Is.EqualTo("""{"language":"go","exceptions":[]}"""));
    }

    [Test]
    public void A_leading_byte_order_mark_is_accepted()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("""{"platform":"go"}""")];

        Assert.That(new EventDescriber().Describe(bytes).ToJson(), Is.EqualTo("""{"language":"go","exceptions":[]}"""));
    }

    [TestCase("sentry.interfaces.Exception", """{"values":[{"type":"Legacy","value":"v"}]}""")]
    [TestCase("sentry.interfaces.Exception", """[{"type":"Legacy","value":"v"}]""")]
    public void Legacy_exception_interface_is_read_when_exception_is_absent(string key, string value)
    {
        JsonElement exception = Describe.Exception($$$"""{"{{{key}}}":{{{value}}}}""");

        Assert.That(exception.GetProperty("type").GetString(), Is.EqualTo("Legacy"));
    }

    [Test]
    public void Exception_wins_over_its_legacy_name()
    {
        JsonElement exception = Describe.Exception("""
            {"exception":{"values":[{"type":"New"}]},"sentry.interfaces.Exception":{"values":[{"type":"Old"}]}}
            """);

        Assert.That(exception.GetProperty("type").GetString(), Is.EqualTo("New"));
    }

    [Test]
    public void Legacy_message_interface_is_read_when_logentry_is_absent()
    {
        JsonElement description = Describe.Json("""{"sentry.interfaces.Message":{"message":"legacy"},"message":"top"}""");

        Assert.That(description.GetProperty("message").GetProperty("message").GetString(), Is.EqualTo("legacy"));
    }

    [Test]
    public void Legacy_stacktrace_interface_is_read_when_stacktrace_is_absent()
    {
        JsonElement description = Describe.Json("""{"sentry.interfaces.Stacktrace":{"frames":[{"function":"legacy"}]}}""");

        Assert.That(Describe.Frames(description)[0].GetProperty("func").GetString(), Is.EqualTo("legacy"));
    }

    [TestCase(-1, 15, "MaxExceptions")]
    [TestCase(3, -1, "MaxFrames")]
    public void Options_out_of_range_are_rejected_naming_the_setting(int maxExceptions, int maxFrames, string setting)
    {
        var options = new DescribeOptions { MaxExceptions = maxExceptions, MaxFrames = maxFrames };

        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new EventDescriber(options))!;

        Assert.That(error.Message, Does.Contain($"DescribeOptions.{setting}"));
    }

    [Test]
    public void Options_are_copied_so_later_changes_do_not_affect_the_describer()
    {
        var options = new DescribeOptions { MaxFrames = 1 };
        var describer = new EventDescriber(options);
        options.MaxFrames = 50;

        EventDescription description = describer.Describe(Encoding.UTF8.GetBytes(Describe.WithFrames("{}", "{}", "{}")));

        Assert.That(description.ToJsonElement().GetProperty("exceptions")[0].GetProperty("stacktrace").GetArrayLength(), Is.EqualTo(1));
    }
}
