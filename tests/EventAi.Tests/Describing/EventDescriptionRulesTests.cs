using System.Text.Json;

namespace EventAi.Tests.Describing;

/// <summary>SPEC §2: the keys of the description and of each exception.</summary>
public sealed class EventDescriptionRulesTests
{
    [Test]
    public void Keys_come_in_the_order_message_language_exceptions()
    {
        JsonElement description = Describe.Json("""{"exception":{"values":[{"type":"E"}]},"platform":"java","logentry":{"formatted":"m"}}""");

        Assert.That(Describe.Keys(description), Is.EqualTo(new[] { "message", "language", "exceptions" }));
    }

    [Test]
    public void Message_copies_a_truthy_logentry_whatever_its_shape()
    {
        JsonElement description = Describe.Json("""{"logentry":{"message":"Param %s","params":["x"]},"message":"top"}""");

        Assert.That(description.GetProperty("message").GetRawText(), Is.EqualTo("""{"message":"Param %s","params":["x"]}"""));
    }

    [TestCase("""{}""")]
    [TestCase("""null""")]
    [TestCase("\"\"")]
    public void Message_falls_back_to_the_top_level_message_when_logentry_is_falsy(string logEntry)
    {
        JsonElement description = Describe.Json($$$"""{"logentry":{{{logEntry}}},"message":"top"}""");

        Assert.That(description.GetProperty("message").GetString(), Is.EqualTo("top"));
    }

    [TestCase("""{"message":""}""")]
    [TestCase("""{"logentry":{},"message":0}""")]
    [TestCase("""{}""")]
    public void Message_is_absent_when_nothing_truthy_is_given(string json)
    {
        Assert.That(Describe.Json(json).TryGetProperty("message", out _), Is.False);
    }

    [Test]
    public void Language_copies_the_platform()
    {
        Assert.That(Describe.Json("""{"platform":"python"}""").GetProperty("language").GetString(), Is.EqualTo("python"));
    }

    [TestCase("""{"platform":"other"}""")]
    [TestCase("""{"platform":""}""")]
    [TestCase("""{"platform":null}""")]
    public void Language_is_absent_for_other_or_falsy_platforms(string json)
    {
        Assert.That(Describe.Json(json).TryGetProperty("language", out _), Is.False);
    }

    [Test]
    public void Exceptions_is_always_present()
    {
        Assert.That(Describe.Json("{}").GetProperty("exceptions").GetArrayLength(), Is.Zero);
    }

    [Test]
    public void Exception_given_as_an_array_is_read_as_its_values()
    {
        JsonElement exception = Describe.Exception("""{"exception":[{"type":"A"}]}""");

        Assert.That(exception.GetProperty("type").GetString(), Is.EqualTo("A"));
    }

    [Test]
    public void Entries_that_are_not_objects_are_dropped()
    {
        JsonElement exceptions = Describe.Json("""{"exception":{"values":[null,{"type":"A"},3,{"type":"B"}]}}""").GetProperty("exceptions");

        Assert.That(exceptions.EnumerateArray().Select(e => e.GetProperty("type").GetString()), Is.EqualTo(new[] { "B", "A" }));
    }

    [Test]
    public void The_newest_exceptions_are_kept_and_listed_newest_first()
    {
        const string Json = """{"exception":{"values":[{"type":"E1"},{"type":"E2"},{"type":"E3"},{"type":"E4"},{"type":"E5"}]}}""";

        JsonElement exceptions = Describe.Json(Json).GetProperty("exceptions");

        Assert.That(exceptions.EnumerateArray().Select(e => e.GetProperty("type").GetString()), Is.EqualTo(new[] { "E5", "E4", "E3" }));
        Assert.That(exceptions.EnumerateArray().Select(e => e.GetProperty("num").GetInt32()), Is.EqualTo(new[] { 1, 2, 3 }));
    }

    [Test]
    public void Max_exceptions_sets_how_many_are_kept()
    {
        const string Json = """{"exception":{"values":[{"type":"E1"},{"type":"E2"}]}}""";

        Assert.That(Describe.Json(Json, Describe.Options(maxExceptions: 1)).GetProperty("exceptions").GetArrayLength(), Is.EqualTo(1));
        Assert.That(Describe.Json(Json, Describe.Options(maxExceptions: 0)).GetProperty("exceptions").GetArrayLength(), Is.Zero);
    }

    [Test]
    public void Only_later_exceptions_are_marked_as_raised_during_handling()
    {
        JsonElement exceptions = Describe.Json("""{"exception":{"values":[{"type":"Cause"},{"type":"Crash"}]}}""").GetProperty("exceptions");

        Assert.That(exceptions[0].TryGetProperty("raised_during_handling_of_previous_exception", out _), Is.False);
        Assert.That(exceptions[1].GetProperty("raised_during_handling_of_previous_exception").GetBoolean(), Is.True);
        Assert.That(Describe.Keys(exceptions[1])[..2], Is.EqualTo(new[] { "raised_during_handling_of_previous_exception", "num" }));
    }

    [TestCase("""{"type":""}""")]
    [TestCase("""{"type":null}""")]
    [TestCase("""{}""")]
    public void Type_is_absent_when_falsy(string exception)
    {
        Assert.That(Describe.Exception($$$"""{"exception":{"values":[{{{exception}}}]}}""").TryGetProperty("type", out _), Is.False);
    }

    [Test]
    public void Message_is_null_when_the_value_is_missing()
    {
        JsonElement exception = Describe.Exception("""{"exception":{"values":[{"type":"E"}]}}""");

        Assert.That(exception.GetProperty("message").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [TestCase("\"\"", "\"\"")]
    [TestCase("0", "0")]
    [TestCase("{\"k\":[1]}", "{\"k\":[1]}")]
    [TestCase("1.50e3", "1.50e3")]
    public void Message_copies_the_value_whatever_its_type(string value, string expected)
    {
        JsonElement exception = Describe.Exception($$$"""{"exception":{"values":[{"value":{{{value}}} }]}}""");

        Assert.That(exception.GetProperty("message").GetRawText(), Is.EqualTo(expected));
    }

    [Test]
    public void Exception_info_copies_a_truthy_mechanism_meta()
    {
        JsonElement exception = Describe.Exception("""{"exception":{"values":[{"mechanism":{"meta":{"signal":{"number":11}}}}]}}""");

        Assert.That(exception.GetProperty("exception_info").GetRawText(), Is.EqualTo("""{"signal":{"number":11}}"""));
    }

    [Test]
    public void Exception_info_is_absent_when_meta_is_empty()
    {
        JsonElement exception = Describe.Exception("""{"exception":{"values":[{"mechanism":{"meta":{}}}]}}""");

        Assert.That(exception.TryGetProperty("exception_info", out _), Is.False);
    }

    [Test]
    public void Unhandled_is_set_when_handled_is_exactly_false()
    {
        JsonElement exception = Describe.Exception("""{"exception":{"values":[{"mechanism":{"handled":false}}]}}""");

        Assert.That(exception.GetProperty("unhandled").GetBoolean(), Is.True);
    }

    [TestCase("true")]
    [TestCase("0")]
    [TestCase("null")]
    [TestCase("\"false\"")]
    public void Unhandled_is_absent_unless_handled_is_false(string handled)
    {
        JsonElement exception = Describe.Exception($$$"""{"exception":{"values":[{"mechanism":{"handled":{{{handled}}} } }]}}""");

        Assert.That(exception.TryGetProperty("unhandled", out _), Is.False);
    }

    [Test]
    public void Exception_keys_come_in_the_specified_order()
    {
        const string Json = """
            {"exception":{"values":[{"stacktrace":{"frames":[{"function":"f"}]},"mechanism":{"handled":false,"meta":{"a":1}},"value":"v","type":"T"},{"type":"Newest"}]}}
            """;

        JsonElement exception = Describe.Exception(Json, index: 1);

        Assert.That(Describe.Keys(exception), Is.EqualTo(new[]
        {
            "raised_during_handling_of_previous_exception", "num", "type", "message", "exception_info", "unhandled", "stacktrace",
        }));
    }

    [Test]
    public void Stacktrace_is_absent_when_no_frame_is_produced()
    {
        Assert.That(Describe.Exception(Describe.WithFrames()).TryGetProperty("stacktrace", out _), Is.False);
        Assert.That(Describe.Exception(Describe.WithFrames("{}"), options: Describe.Options(maxFrames: 0)).TryGetProperty("stacktrace", out _), Is.False);
    }
}
