using System.Text;
using System.Text.Json;
using CsCheck;
using EventAi.Tests.TestSupport;

namespace EventAi.Tests.Exceptions;

/// <summary>
/// Issue 10, item 5: exception text is read in one linear pass, keeps in memory only what the description
/// can hold, and reads ordinary text exactly as the regular-expression reader before it did.
/// </summary>
public sealed class ExceptionTextParsingTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(15);

    private static readonly string[] Lines =
    [
        "System.InvalidOperationException: Sequence contains no elements",
        "Shop.Orders.CheckoutException",
        "Shop.Orders.CheckoutException: ",
        "System.AggregateException: One or more errors occurred. (boom)",
        " ---> System.NullReferenceException: Object reference not set to an instance of an object.",
        "---> (Inner Exception #1) System.TimeoutException: Pricing service timed out",
        " ---> (Inner Exception #0) System.Collections.Generic.KeyNotFoundException: No stock",
        "(Inner Exception #2) System.IO.IOException: disk",
        "   at Shop.Orders.PricingService.TotalAsync(Cart cart) in /src/Shop/Orders/PricingService.cs:line 52",
        "   at Shop.Find in Store(String s) in /src/x in y.cs:line 3",
        "   at X.Y() in /f:line 12:line 4",
        "   at X() in :line 5",
        "   at A in B",
        "   at System.Linq.Enumerable.First[TSource](IEnumerable`1 source)",
        "   at Shop.Customers.ProfileClient.<GetProfileAsync>d__4.MoveNext() in /src/Shop/Customers/ProfileClient.cs:line 27",
        "\tat Shop.Tabbed.Method() in C:\\src\\Tabbed.cs:line 9",
        "   at Shop.Digits() in /src/d.cs:line \u0661\u0662",
        "   at Shop.Big() in /src/d.cs:line 99999999999",
        "   at ",
        "at Shop.NotIndented()",
        "   --- End of inner exception stack trace ---",
        "--- End of stack trace from previous location ---",
        "<---",
        "   <---",
        "continued message text",
        "   indented continuation   ",
        "",
        "   ",
        "\u00DCn\u00EFcode.\u00C9rrorException: caf\u00E9",
        "Shop.Generic`1[[System.Int32]]Exception: generic",
        "Shop.Joined\u200DException: joiner",
        "Shop.Odd:NoSpaceException",
        "System.Exception:no space",
        "NotAType: words",
        "Plain words: with a colon",
    ];

    private static readonly Gen<string> Texts =
        Gen.Select(Gen.Int[0, Lines.Length - 1].Array[0, 40], Gen.Bool, (picks, crlf) => string.Join(crlf ? "\r\n" : "\n", picks.Select(i => Lines[i])));

    [Test]
    public void Ordinary_text_reads_as_the_regular_expression_reader_read_it()
    {
        var everything = new DescribeOptions { MaxExceptions = int.MaxValue, MaxFrames = int.MaxValue };
        SeededProperty.Check(
            Texts,
            text =>
            {
                var expected = ReferenceStackTraceText.Parse(text);
                IReadOnlyList<ExceptionRecord> actual = DotNetStackTraceText.Parse(text, everything)?.NewestFirst ?? [];
                Assert.That(actual.Select(r => (r.Type, r.Message)), Is.EqualTo(expected.Select(e => (e.Type, e.Message))), text);
                for (int i = 0; i < actual.Count; i++)
                {
                    Assert.That(Enumerable.Range(0, actual[i].Frames.Count).Select(f => actual[i].Frames[f]), Is.EqualTo(expected[i].Frames.Select(f => (ExceptionFrame?)f)), text);
                }

                return true;
            },
            seed: 5,
            cases: 3000);
    }

    [TestCase(3, 15)]
    [TestCase(1, 2)]
    [TestCase(2, 0)]
    [TestCase(0, 5)]
    public void Descriptions_are_the_same_as_from_every_frame_and_exception(int maxExceptions, int maxFrames)
    {
        var options = new DescribeOptions { MaxExceptions = maxExceptions, MaxFrames = maxFrames };
        var describer = new EventDescriber(options);
        Gen<string> manyFrames = Gen.Select(Gen.Int[0, Lines.Length - 1].Array[0, 120], Gen.Bool.Array[120], (picks, app) =>
            string.Join("\n", picks.Select((p, i) => p is 8 or 13 ? (app[i] ? $"   at Shop.Code{i}.Run() in /src/c{i}.cs:line {i + 1}" : $"   at System.Lib{i}.Run()") : Lines[p])));
        SeededProperty.Check(
            manyFrames,
            text =>
            {
                var expected = ReferenceStackTraceText.Parse(text);
                if (expected.Count == 0)
                {
                    return true;
                }

                EventDescription fromEvent = describer.Describe(EventOf(expected));
                EventDescription fromText = describer.DescribeExceptionText(text);
                Assert.That(fromText.ToJson(), Is.EqualTo(fromEvent.ToJson()), text);
                Assert.That((fromText.FramesTrimmed, fromText.ExceptionCount), Is.EqualTo((fromEvent.FramesTrimmed, fromEvent.ExceptionCount)), text);
                return true;
            },
            seed: 17,
            cases: 400);
    }

    [Test]
    public void Forty_thousand_message_lines_read_in_linear_time()
    {
        string text = "System.InvalidOperationException: first line\n" + string.Concat(Enumerable.Repeat("a message line that goes on\n", 40_000))
            + "   at Shop.Orders.Checkout() in /src/Checkout.cs:line 3\n";

        JsonElement exception = DescribeGuarded(text).GetProperty("exceptions")[0];

        Assert.That(exception.GetProperty("message").GetString()!.Split('\n'), Has.Length.EqualTo(40_001));
    }

    [Test]
    public void A_long_frame_line_with_many_in_words_reads_in_linear_time()
    {
        string text = "System.InvalidOperationException: boom\n   at " + string.Concat(Enumerable.Repeat("a in ", 150_000)) + "x\n";

        JsonElement frame = Describing.Describe.Frames(DescribeGuarded(text).GetProperty("exceptions")[0])[0];

        Assert.That(frame.GetProperty("func").GetString(), Does.EndWith("x"));
    }

    [Test]
    public void Many_header_lines_in_an_aggregate_read_in_linear_time()
    {
        string text = "System.AggregateException: many\n"
            + string.Concat(Enumerable.Range(0, 60_000).Select(i => $" ---> (Inner Exception #{i}) System.TimeoutException: t{i}\n<---\n"));

        JsonElement description = DescribeGuarded(text);

        Assert.That(description.GetProperty("exceptions").GetArrayLength(), Is.EqualTo(3));
    }

    [Test]
    public void Lone_surrogates_in_the_text_become_replacement_characters()
    {
        const string Text = "Shop.OrderException: bad \udc00 text\n   at Shop.Orders.Check\ud83d() in /src/\ud800.cs:line 3\n";

        JsonElement exception = DescribeGuarded(Text).GetProperty("exceptions")[0];

        Assert.That(Describing.Describe.Frames(exception)[0].GetProperty("func").GetString(), Is.EqualTo("Check\uFFFD"));
        Assert.That(exception.GetProperty("message").GetString(), Is.EqualTo("bad \uFFFD text"));
        Assert.That(Describing.Describe.Frames(exception)[0].GetProperty("file").GetString(), Is.EqualTo("/src/\uFFFD.cs"));
    }

    [Test]
    public void A_million_frames_keep_only_what_the_trimmer_can_use()
    {
        var text = new StringBuilder("System.InvalidOperationException: deep recursion\n");
        for (int i = 0; i < 1_000_000; i++)
        {
            text.Append(i % 3 == 0 ? "   at System.Collections.Generic.List.Visit()\n" : $"   at Shop.Tree.Visit{i % 7}(Node node) in /src/Tree.cs:line {i % 500}\n");
        }

        string input = text.ToString();
        var options = new DescribeOptions();
        long textBytes = input.Length * 2L;
        long retainedBefore = GC.GetTotalMemory(forceFullCollection: true);
        long before = GC.GetAllocatedBytesForCurrentThread();
        ExceptionChain chain = DotNetStackTraceText.Parse(input, options)!;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        long retained = GC.GetTotalMemory(forceFullCollection: true) - retainedBefore;

        FrameList frames = chain.NewestFirst[0].Frames;
        Assert.That(frames.Count, Is.EqualTo(1_000_000));
        Assert.That(Enumerable.Range(0, frames.Count).Count(i => frames[i] is not null), Is.LessThanOrEqualTo(4 * options.MaxFrames));
        TestContext.Out.WriteLine($"text {textBytes / 1e6:F0} MB; parsing allocated {allocated / 1e6:F0} MB in all and keeps {retained / 1e6:F1} MB");
        Assert.That(retained, Is.LessThan(textBytes / 20), "what is kept is a byte per frame and the frames the trimmer can use");
        Assert.That(allocated, Is.LessThan(2 * textBytes), "one pass, no copy of the text or of its lines");
        EventDescription description = new EventDescriber(options).DescribeExceptionText(input);
        Assert.That(description.FramesTrimmed, Is.EqualTo(1_000_000 - 15));
    }

    private static JsonElement DescribeGuarded(string text)
    {
        Task<EventDescription> describing = Task.Run(() => new EventDescriber().DescribeExceptionText(text));
        Assert.That(describing.Wait(HangGuard), Is.True, "describing the text ends in time");
        return describing.Result.ToJsonElement();
    }

    // The Sentry event the reader's result stood for before: every exception, every frame.
    private static byte[] EventOf(List<(string Type, string? Message, List<ExceptionFrame> Frames)> newestFirst)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("platform", "csharp");
            writer.WriteStartObject("exception");
            writer.WriteStartArray("values");
            for (int i = newestFirst.Count - 1; i >= 0; i--)
            {
                (string type, string? message, List<ExceptionFrame> frames) = newestFirst[i];
                writer.WriteStartObject();
                writer.WriteString("type", type);
                writer.WriteString("value", message);
                if (frames.Count > 0)
                {
                    writer.WriteStartObject("stacktrace");
                    writer.WriteStartArray("frames");
                    for (int f = frames.Count - 1; f >= 0; f--)
                    {
                        ExceptionFrame frame = frames[f];
                        writer.WriteStartObject();
                        if (frame.Function is not null)
                        {
                            writer.WriteString("function", frame.Function);
                        }

                        if (frame.Module is not null)
                        {
                            writer.WriteString("module", frame.Module);
                        }

                        if (frame.FileName is not null)
                        {
                            writer.WriteString("filename", frame.FileName);
                        }

                        if (frame.LineNumber is { } line)
                        {
                            writer.WriteNumber("lineno", line);
                        }

                        writer.WriteBoolean("in_app", FrameList.IsInApp(frame.Module, ["System", "Microsoft"]));
                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
