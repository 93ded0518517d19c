using System.Text;
using System.Text.Json;

namespace EventAi.Tests.Describing;

/// <summary>
/// Every string, property name and number the description copies from the event passes the scrubber,
/// at any depth and whatever the field's type; function, module and file names are the one exception.
/// A custom pattern stands in for the built-in rules, so these tests hold whatever rules exist.
/// </summary>
public sealed class CopiedTextScrubbingTests
{
    private static readonly DescribeOptions Canary = Options(new ScrubPattern("canary|4242", "[x]"));

    [Test]
    public void Names_strings_and_numbers_inside_copied_objects_are_scrubbed()
    {
        JsonElement description = Describe.Json("""
            {"logentry":{"canary-key":"a canary","params":[4242,"4242",42.42,{"canary":true}]},
             "exception":{"values":[{"type":"E","value":"v","mechanism":{"meta":{"canary":{"n":4242,"deep":[{"canary":null}]}}}}]}}
            """, Canary);

        Assert.That(description.GetProperty("message").GetRawText(), Is.EqualTo("""{"[x]-key":"a [x]","params":["[x]","[x]",42.42,{"[x]":true}]}"""));
        Assert.That(description.GetProperty("exceptions")[0].GetProperty("exception_info").GetRawText(), Is.EqualTo("""{"[x]":{"n":"[x]","deep":[{"[x]":null}]}}"""));
    }

    [Test]
    public void Type_language_and_line_are_scrubbed_as_text_and_when_wrong_typed()
    {
        JsonElement description = Describe.Json("""
            {"platform":{"canary":"canary"},"exception":{"values":[{"type":"canary","stacktrace":{"frames":[
              {"function":"f","lineno":{"canary":4242}},{"function":"g","lineno":4242}]}}]}}
            """, Canary);

        JsonElement exception = description.GetProperty("exceptions")[0];
        Assert.That(description.GetProperty("language").GetRawText(), Is.EqualTo("""{"[x]":"[x]"}"""));
        Assert.That(exception.GetProperty("type").GetString(), Is.EqualTo("[x]"));
        Assert.That(Describe.Frames(exception).Select(f => f.GetProperty("line").GetRawText()), Is.EqualTo(new[] { "\"[x]\"", """{"[x]":"[x]"}""" }));
    }

    [Test]
    public void Messages_values_and_every_code_line_are_scrubbed()
    {
        JsonElement description = Describe.Json("""
            {"message":"canary","exception":{"values":[{"type":"E","value":"canary","stacktrace":{"frames":[
              {"context_line":"  canary()  "},
              {"pre_context":["canary = 1"],"context_line":"canary","post_context":[{"canary":4242}]}]}}]}}
            """, Canary);

        JsonElement exception = description.GetProperty("exceptions")[0];
        JsonElement[] frames = Describe.Frames(exception);
        Assert.That(description.GetProperty("message").GetString(), Is.EqualTo("[x]"));
        Assert.That(exception.GetProperty("message").GetString(), Is.EqualTo("[x]"));
        Assert.That(frames[0].GetRawText(), Is.EqualTo("""{"crash":"here","code_before":["[x] = 1"],"code":"[x]","code_after":[{"[x]":"[x]"}]}"""));
        Assert.That(frames[1].GetProperty("code").GetString(), Is.EqualTo("[x]()"), "the trimmed line is scrubbed");
    }

    [Test]
    public void Function_module_and_file_names_are_written_as_the_event_has_them()
    {
        JsonElement frame = Describe.Frames(Describe.Exception("""
            {"exception":{"values":[{"type":"E","stacktrace":{"frames":[
              {"function":"canary","module":"canary.mod","filename":"canary.py","lineno":1}]}}]}}
            """, options: Canary))[0];

        Assert.That(frame.GetRawText(), Is.EqualTo("""{"func":"canary","module":"canary.mod","file":"canary.py","line":1,"crash":"here","code":""}"""));
    }

    [Test]
    public void Api_context_lines_are_scrubbed_too()
    {
        JsonElement frame = Describe.Frames(Describe.Exception("""
            {"entries":[{"type":"exception","data":{"values":[{"stacktrace":{"frames":[{"lineNo":2,"context":[[1,"canary"],[2,"canary()"]]}]}}]}}]}
            """, options: Canary))[0];

        Assert.That(frame.GetRawText(), Is.EqualTo("""{"line":2,"crash":"here","code_before":["[x]"],"code":"[x]()"}"""));
    }

    [Test]
    public void A_rule_that_splits_a_surrogate_pair_still_leaves_valid_text()
    {
        // U+1F600 is the pair D83D DE00; a pattern matching only its high half would leave the low half alone.
        DescribeOptions options = Options(new ScrubPattern("\uD83D", ""));

        EventDescription description = Describe.Event("""{"exception":{"values":[{"type":"E","value":"smile 😀"}]}}""", options);

        Assert.That(description.ToJsonElement().GetProperty("exceptions")[0].GetProperty("message").GetString(), Is.EqualTo("smile \uFFFD"));
        Assert.That(System.Text.Unicode.Utf8.IsValid(description.Utf8Json.Span), Is.True);
    }

    [Test]
    public void Without_scrubbing_everything_is_copied_as_it_is()
    {
        const string Json = """{"logentry":{"canary":4242},"exception":{"values":[{"type":"canary","value":"canary"}]}}""";

        string described = Describe.Event(Json, new DescribeOptions { Scrub = new ScrubOptions { Enabled = false } }).ToJson();

        Assert.That(described, Is.EqualTo("""{"message":{"canary":4242},"exceptions":[{"num":1,"type":"canary","message":"canary"}]}"""));
    }

    private static DescribeOptions Options(ScrubPattern pattern)
    {
        var scrub = new ScrubOptions { Rules = ScrubRules.None };
        scrub.CustomPatterns.Add(pattern);
        return new DescribeOptions { Scrub = scrub };
    }
}
