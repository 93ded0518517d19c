using System.Text;

namespace EventAi.Tests.Describing;

/// <summary>
/// Everything of the input is checked, also the values the description skips: malformed input anywhere
/// is an <see cref="InvalidEventException"/> with the line and byte of the first problem.
/// </summary>
public sealed class ValidationTests
{
    // Each case marks the offending byte with '§' (removed before describing).
    private static readonly string[] Malformed =
    [
        """{"a":1 §"b":2}""",
        """[1,§]""",
        """{"a":1,§}""",
        """{"a" §1}""",
        """{§1:2}""",
        """[§tru]""",
        """[0§1]""",
        """[1.§]""",
        """[-§]""",
        """[1e§]""",
        """[§+1]""",
        """[§NaN]""",
        """[§'a']""",
        """["a§\x"]""",
        """["§\u12G4"]""",
        """[1§}""",
        """{"a":[1 §/* c */]}""",
        """[1, §x]""",
        """[true§false]""",
        """["a"§"b"]""",
        """{"a":1§{"b":2}}""",
    ];

    private static IEnumerable<TestCaseData> Placements()
    {
        foreach (string bad in Malformed)
        {
            yield return new TestCaseData("skipped key", "{\"level\":\"error\",\n  \"extra\": {\"k\": " + bad + "}, \"platform\":\"go\"}").SetArgDisplayNames("extra", bad);
            yield return new TestCaseData("frame value", "{\"exception\":{\"values\":[{\"type\":\"E\",\n\"stacktrace\":{\"frames\":[{\"vars\":" + bad + ",\"function\":\"f\"}]}}]}}").SetArgDisplayNames("vars", bad);
            yield return new TestCaseData("copied value", "{\"exception\":{\"values\":[{\"type\":\"E\",\n\"value\":" + bad + "}]}}").SetArgDisplayNames("value", bad);
        }
    }

    [TestCaseSource(nameof(Placements))]
    public void Malformed_json_anywhere_is_rejected_with_the_position_of_the_problem(string placement, string marked)
    {
        int offset = Encoding.UTF8.GetByteCount(marked[..marked.IndexOf('§', StringComparison.Ordinal)]);
        byte[] json = Encoding.UTF8.GetBytes(marked.Replace("§", "", StringComparison.Ordinal));

        InvalidEventException error = Assert.Throws<InvalidEventException>(() => new EventDescriber().Describe(json))!;

        string before = Encoding.UTF8.GetString(json, 0, offset);
        Assert.That(error.LineNumber, Is.EqualTo(before.Count(c => c == '\n') + 1), placement);
        Assert.That(error.BytePositionInLine, Is.EqualTo(offset - before.LastIndexOf('\n')), placement);
        Assert.That(error.Message, Does.StartWith("The event is not valid JSON: "));
    }

    [TestCase(new byte[] { 0xC3, 0x28 }, TestName = "Invalid UTF-8 in a skipped string is rejected (bad continuation)")]
    [TestCase(new byte[] { 0xED, 0xA0, 0x80 }, TestName = "Invalid UTF-8 in a skipped string is rejected (encoded surrogate)")]
    [TestCase(new byte[] { 0xC0, 0xAF }, TestName = "Invalid UTF-8 in a skipped string is rejected (overlong)")]
    [TestCase(new byte[] { 0x01 }, TestName = "A raw control character in a skipped string is rejected")]
    public void Bad_bytes_in_a_skipped_string_are_rejected_where_they_are(byte[] bad)
    {
        byte[] json = [.. "{\"extra\":{\"k\":\"ab"u8, .. bad, .. "\"},\n\"platform\":\"go\"}"u8];

        InvalidEventException error = Assert.Throws<InvalidEventException>(() => new EventDescriber().Describe(json))!;

        Assert.That((error.LineNumber, error.BytePositionInLine), Is.EqualTo((1L, 18L)));
    }

    [TestCase("""{"extra":"abc""", 10)]
    [TestCase("""{"extra":[1,2""", 14)]
    [TestCase("""{"extra":{}""", 12)]
    [TestCase("""{"extra":{}} {}""", 14)]
    [TestCase("""{"extra":{}} x""", 14)]
    public void Truncated_input_or_content_after_the_event_is_rejected(string json, int bytePosition)
    {
        InvalidEventException error = Assert.Throws<InvalidEventException>(() => new EventDescriber().Describe(Encoding.UTF8.GetBytes(json)))!;

        Assert.That(error.BytePositionInLine, Is.EqualTo(bytePosition));
    }

    [TestCase("   ")]
    [TestCase("\n\n")]
    public void Input_of_only_white_space_is_rejected(string json)
    {
        InvalidEventException error = Assert.Throws<InvalidEventException>(() => new EventDescriber().Describe(Encoding.UTF8.GetBytes(json)))!;

        Assert.That(error.Message, Does.Contain("no JSON value"));
    }

    [Test]
    public void Valid_json_that_the_description_does_not_read_is_accepted_in_every_form()
    {
        const string Json = """
            {"extra":{"n":[-0,0.5e-3,1E+9,-12.75,true,false,null],"s":"\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00\ud800","e":{},"a":[],"deep":[[[{"x":[{}]}]]]},
             "platform":"go"}
            """;

        Assert.That(Describe.Event(Json).ToJson(), Is.EqualTo("""{"language":"go","exceptions":[]}"""));
    }
}
