using System.Text;

namespace EventAi.Tests.Describing;

/// <summary>SPEC §2: compact JSON with UTF-8 text for the model, indented JSON for people.</summary>
public sealed class SerializationTests
{
    private const string Event = """
        {
          "platform": "python",
          "exception": { "values": [ { "type": "ValueError", "value": "Ungültige Größe: 数据 😀 <b>'x'</b> & \"q\" \\ \u0001" } ] }
        }
        """;

    [Test]
    public void Compact_form_has_no_white_space_between_tokens()
    {
        string json = Describe.Event("""{ "platform" : "go" , "exception" : [ { "type" : "E" } ] }""").ToJson();

        Assert.That(json, Is.EqualTo("""{"language":"go","exceptions":[{"num":1,"type":"E","message":null}]}"""));
    }

    [Test]
    public void Non_ascii_text_is_written_as_utf8_not_escaped()
    {
        EventDescription description = Describe.Event(Event);
        string json = Encoding.UTF8.GetString(description.Utf8Json.Span);

        Assert.That(json, Does.Contain("Ungültige Größe: 数据 😀 <b>'x'</b> & "));
        Assert.That(json, Does.Not.Contain("\\u00FC").IgnoreCase.And.Not.Contain("\\uD83D").IgnoreCase);
        Assert.That(json, Does.Contain("""\"q\" \\ \u0001"""), "quotes, backslashes and control characters are still escaped");
    }

    [Test]
    public void Non_ascii_text_escaped_in_the_input_is_written_as_utf8()
    {
        string json = Describe.Event("""{"exception":[{"value":"caf\u00e9 \ud83d\ude00"}]}""").ToJson();

        Assert.That(json, Does.Contain("café 😀"));
    }

    [Test]
    public void An_invalid_escape_sequence_is_passed_on_and_does_not_throw()
    {
        string json = Describe.Event("""{"exception":[{"value":"lone \ud800 surrogate","type":{"\udc00":1}}]}""").ToJson();

        Assert.That(json, Does.Contain("lone"));
    }

    [Test]
    public void Numbers_keep_their_original_text()
    {
        string json = Describe.Event("""{"exception":[{"value":1.0E+2}],"logentry":{"n":12345678901234567890123}}""").ToJson();

        Assert.That(json, Does.Contain("1.0E+2").And.Contain("12345678901234567890123"));
    }

    [Test]
    public void Indented_form_uses_two_spaces_and_line_feeds()
    {
        string json = Describe.Event("""{"platform":"go"}""").ToJson(indented: true);

        Assert.That(json, Is.EqualTo("{\n  \"language\": \"go\",\n  \"exceptions\": []\n}"));
    }

    [Test]
    public void Indented_form_keeps_non_ascii_text()
    {
        Assert.That(Describe.Event(Event).ToJson(indented: true), Does.Contain("数据 😀"));
    }

    [Test]
    public void Writing_to_a_stream_gives_the_same_bytes_as_the_text_forms()
    {
        EventDescription description = Describe.Event(Event);
        using var compact = new MemoryStream();
        using var indented = new MemoryStream();

        description.WriteTo(compact);
        description.WriteTo(indented, indented: true);

        Assert.That(Encoding.UTF8.GetString(compact.ToArray()), Is.EqualTo(description.ToJson()));
        Assert.That(Encoding.UTF8.GetString(indented.ToArray()), Is.EqualTo(description.ToJson(indented: true)));
        Assert.That(description.ToString(), Is.EqualTo(description.ToJson()));
    }

    [Test]
    public void Counts_report_exceptions_and_trimmed_frames()
    {
        string json = Describe.WithFrames(Enumerable.Range(0, 20).Select(_ => "{}").ToArray());

        EventDescription description = Describe.Event(json, Describe.Options(maxFrames: 15));

        Assert.That(description.ExceptionCount, Is.EqualTo(1));
        Assert.That(description.FramesTrimmed, Is.EqualTo(6), "an allowance of 15 keeps 14 frames of 20");
    }
}
