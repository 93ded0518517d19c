using System.Text;
using System.Text.Json;
using CsCheck;
using EventAi.Tests.TestSupport;

namespace EventAi.Tests.Describing;

/// <summary>
/// For hostile input (lone surrogates in names and values, nesting of 60 to 300 levels, long strings,
/// wrong types everywhere, both event shapes, truncated and mutated corpus events) describing returns
/// or throws <see cref="InvalidEventException"/> (or <see cref="TokenBudgetExceededException"/> under a
/// budget), nothing else, and every description made works with every output call.
/// </summary>
public sealed class HostileInputPropertyTests
{
    private const int Cases = 1500;

    private static readonly Gen<string> LoneSurrogateText = Gen.OneOfConst("\\ud800", "\\udc00", "\\udbff\\u0041", "\\ud83d", "x\\ude00y");

    private static readonly Gen<string> LongString = Gen.Select(Gen.Int[1_000, 60_000], LoneSurrogateText, Gen.OneOfConst("a", "é", "数据", " ", "\\n", "bob@example.com "))
        .Select(p => "\"" + string.Concat(Enumerable.Repeat(p.Item3, p.Item1 / Math.Max(1, p.Item3.Length))) + p.Item2 + "\"");

    private static readonly Gen<string> Nested = Gen.Select(Gen.Int[60, 300], Gen.Bool, Gen.OneOfConst("1", "\"\\ud800\"", "{}", "[]", "null"))
        .Select(p => Nest(p.Item1, p.Item2, p.Item3));

    private static readonly Gen<string> HostileValue = Gen.Frequency(
        (3, LongString),
        (3, Nested),
        (2, LoneSurrogateText.Select(s => $"{{\"{s}\":\"{s}\"}}")),
        (1, Gen.Const("[1e400,-0,\"\\u0000\",{\"\\ud800\":[{}]}]")));

    private static readonly Gen<string> HostileKey = Gen.OneOfConst(
        "logentry", "message", "platform", "extra", "threads", "exception", "sentry.interfaces.Exception", "stacktrace", "entries");

    /// <summary>A generated event with hostile members spliced in at the root, in an exception and in a frame.</summary>
    private static readonly Gen<string> HostileEvents = Gen.Select(EventJson.Events, Gen.Select(HostileKey, HostileValue).Array[0, 3], HostileValue, Gen.Int[0, 2])
        .Select(c => Splice(c.Item1, c.Item2, c.Item3, c.Item4));

    [Test]
    public void Hostile_events_describe_or_are_rejected_and_every_description_works_with_every_output_call()
    {
        var describers = new[]
        {
            new EventDescriber(),
            new EventDescriber(new DescribeOptions { Detailed = true, MaxFrames = 3 }),
            new EventDescriber(new DescribeOptions { Scrub = new ScrubOptions { Enabled = false } }),
        };
        int described = 0;
        int rejected = 0;
        SeededProperty.Check(
            HostileEvents,
            json =>
            {
                byte[] utf8 = Encoding.UTF8.GetBytes(json);
                foreach (EventDescriber describer in describers)
                {
                    if (DescribeOrReject(describer, utf8) is { } description)
                    {
                        AssertEveryOutputWorks(description);
                        described++;
                    }
                    else
                    {
                        rejected++;
                    }
                }

                return true;
            },
            seed: 21,
            cases: Cases);

        Assert.That(described, Is.GreaterThan(Cases), "most hostile events are valid JSON and must be described");
        Assert.That(rejected, Is.GreaterThan(Cases / 10), "nesting beyond the limit must be rejected");
    }

    [Test]
    public void Truncated_and_mutated_corpus_events_describe_or_are_rejected()
    {
        byte[][] corpus = [.. SharedCorpus.LoadSamples().Select(sample => sample.Json)];
        Gen<byte[]> mutated = Gen.Select(Gen.Int[0, corpus.Length - 1], Gen.Int[0, int.MaxValue], Gen.Int[0, 4], Gen.OneOfConst("{}[],:\"\\ 0\\ud800u\u00e9\n"u8.ToArray()).Array[1, 4])
            .Select(c => Mutate(corpus[c.Item1], c.Item2, c.Item3, c.Item4));
        var describer = new EventDescriber(new DescribeOptions { Detailed = true });
        int described = 0;
        SeededProperty.Check(
            mutated,
            utf8 =>
            {
                if (DescribeOrReject(describer, utf8) is { } description)
                {
                    AssertEveryOutputWorks(description);
                    described++;
                }

                return true;
            },
            seed: 22,
            cases: Cases);

        Assert.That(described, Is.GreaterThan(Cases / 10));
    }

    [Test]
    public void Hostile_events_under_a_token_budget_describe_or_are_rejected_with_the_budget_error()
    {
        var describer = new EventDescriber(new DescribeOptions { MaxTokens = 300, Model = "gpt-4o" });
        Gen<string> small = Gen.Select(EventJson.Events, Gen.Select(HostileKey, Gen.Frequency((2, Nested), (1, LoneSurrogateText.Select(s => $"\"{s} {s}\"")))).Array[0, 2], Gen.Int[0, 2])
            .Select(c => Splice(c.Item1, c.Item2, "\"\\ud800 frame\"", c.Item3));
        SeededProperty.Check(
            small,
            json =>
            {
                try
                {
                    if (DescribeOrReject(describer, Encoding.UTF8.GetBytes(json)) is { } description)
                    {
                        AssertEveryOutputWorks(description);
                    }
                }
                catch (TokenBudgetExceededException)
                {
                    // Allowed: even the essentials do not fit 300 tokens.
                }

                return true;
            },
            seed: 23,
            cases: 200);
    }

    private static EventDescription? DescribeOrReject(EventDescriber describer, byte[] utf8)
    {
        try
        {
            return describer.Describe(utf8);
        }
        catch (InvalidEventException)
        {
            return null;
        }
    }

    private static void AssertEveryOutputWorks(EventDescription description)
    {
        string compact = description.ToJson();
        string indented = description.ToJson(indented: true);
        using var stream = new MemoryStream();
        description.WriteTo(stream);
        description.WriteTo(stream, indented: true);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            description.WriteTo(writer);
        }

        JsonElement element = description.ToJsonElement();
        if (!System.Text.Unicode.Utf8.IsValid(description.Utf8Json.Span) || compact.Length == 0 || indented.Length < compact.Length
            || element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("exceptions", out _))
        {
            throw new InvalidOperationException($"Not a valid description: {compact}");
        }
    }

    private static string Nest(int levels, bool objects, string innermost)
    {
        var text = new StringBuilder();
        for (int i = 0; i < levels; i++)
        {
            text.Append(objects ? "{\"\\ud800\":" : "[");
        }

        text.Append(innermost);
        text.Append(objects ? '}' : ']', levels);
        return text.ToString();
    }

    /// <summary>Adds members at the root, and a hostile value to the first exception and frame objects, as text.</summary>
    private static string Splice(string json, (string Key, string Value)[] rootMembers, string deepValue, int where)
    {
        var text = new StringBuilder(json);
        foreach ((string key, string value) in rootMembers)
        {
            text.Insert(1, $"\"{key}\":{value}" + (text.Length == 2 ? "" : ","));
        }

        string spliced = text.ToString();
        string marker = where switch { 0 => "\"type\":", 1 => "\"function\":", _ => "\"values\":[{" };
        int at = spliced.IndexOf(marker, StringComparison.Ordinal);
        return at < 0 || where == 2
            ? spliced.Replace("\"values\":[{\"", "\"values\":[{\"\\ud800abcdefgh\":" + deepValue + ",\"", StringComparison.Ordinal)
            : spliced.Insert(at, $"\"\\ud800{where}\":{deepValue},");
    }

    private static byte[] Mutate(byte[] source, int position, int kind, byte[] bytes)
    {
        int at = position % (source.Length + 1);
        return kind switch
        {
            0 => [.. source[..at], .. bytes, .. source[at..]],
            1 => [.. source[..at], .. source[Math.Min(source.Length, at + bytes.Length)..]],
            2 => [.. source[..Math.Min(at, source.Length - 1)], bytes[0], .. source[Math.Min(at + 1, source.Length)..]],
            3 => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(SentryApiShapeOf(source))),
            _ => source[..at],
        };
    }

    private static System.Text.Json.Nodes.JsonObject SentryApiShapeOf(byte[] source) =>
        SentryApiShape.Convert(System.Text.Json.Nodes.JsonNode.Parse(source)!.AsObject());
}
