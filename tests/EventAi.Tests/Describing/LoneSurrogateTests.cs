using System.Diagnostics;
using System.Text;
using System.Text.Json;
using EventAi.Tests.Cli;

namespace EventAi.Tests.Describing;

/// <summary>
/// A <c>\uD800</c>-style escape with no other half of its surrogate pair is valid JSON but no text: it is
/// read as U+FFFD wherever it is (names, values, frames, copied objects), never crashes, and is scrubbed
/// and written like any other text, so every description is valid UTF-8 JSON.
/// </summary>
public sealed class LoneSurrogateTests
{
    private const string InFrames = """
        {"exception":{"values":[{"type":"E\udc00","value":"mail bob@example.com \ud800 now","thread_id":"\ud800",
          "mechanism":{"meta":{"\ud800k":"v\udfff"}},
          "stacktrace":{"frames":[{"\ud800abcdefgh":0,"function":"f\ud800","filename":"a\udc00.py","lineno":1,
            "pre_context":["\ud800"],"context_line":"x = \ud83d","post_context":["\ude00"]}]}}]},
         "logentry":{"\ud800":"\udc00"},"platform":"\ud800","\ud800abcdefgh":{"\ud800":[1]}}
        """;

    private static IEnumerable<string> Events() =>
    [
        """{"\ud800abcdefgh":0}""",
        """{"platform":"go","extra":{"\ud800abcdefgh":"\udfff"}}""",
        InFrames,
        """{"exception":{"values":[{"type":"E","thread_id":"\ud800"}]},"threads":{"values":[{"id":"\udc00","stacktrace":{"frames":[{"function":"t"}]}}]}}""",
        """{"entries":[{"type":"exception","data":{"values":[{"type":"\ud800","stacktrace":{"frames":[{"lineNo":1,"context":[[1,"\ud800"]]}]}}]}}]}""",
    ];

    [TestCaseSource(nameof(Events))]
    public void Describing_bytes_a_stream_or_an_element_never_throws_and_gives_valid_utf8(string json)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(json);
        var describer = new EventDescriber();
        using JsonDocument document = JsonDocument.Parse(bytes);

        EventDescription fromBytes = describer.Describe(bytes);
        EventDescription fromStream = describer.Describe(new MemoryStream(bytes));
        EventDescription fromElement = describer.Describe(document.RootElement);

        Assert.That(fromStream.ToJson(), Is.EqualTo(fromBytes.ToJson()));
        Assert.That(fromElement.ToJson(), Is.EqualTo(fromBytes.ToJson()));
        AssertValidText(fromBytes);
    }

    [Test]
    public void Lone_surrogates_read_as_the_replacement_character_in_every_copied_place()
    {
        string json = new EventDescriber(new DescribeOptions { Detailed = true }).Describe(Encoding.UTF8.GetBytes(InFrames)).ToJson();

        Assert.That(json, Is.EqualTo(
            """{"message":{"�":"�"},"language":"�","exceptions":[{"num":1,"type":"E�","message":"mail [email] � now","exception_info":{"�k":"v�"},"stacktrace":[{"func":"f�","file":"a�.py","line":1,"crash":"here","code_before":["�"],"code":"x = �","code_after":["�"]}]}]}"""));
    }

    [Test]
    public void Thread_ids_with_lone_surrogates_are_compared_without_throwing()
    {
        JsonElement exception = Describe.Exception("""
            {"exception":{"values":[{"type":"E","thread_id":"\ud800"}]},"threads":{"values":[{"id":"\udc00","stacktrace":{"frames":[{"function":"t"}]}}]}}
            """);

        Assert.That(Describe.Frames(exception)[0].GetProperty("func").GetString(), Is.EqualTo("t"), "both ids read as U+FFFD");
    }

    [Test]
    public void A_long_value_of_lone_surrogates_is_reduced_to_a_token_budget()
    {
        string value = string.Concat(Enumerable.Repeat("\\ud800 text ", 500));
        byte[] json = Encoding.UTF8.GetBytes($$$"""{"exception":{"values":[{"type":"E","value":"{{{value}}}"}]}}""");

        EventDescription description = new EventDescriber(new DescribeOptions { MaxTokens = 100, Model = "gpt-4o" }).Describe(json);

        Assert.That(description.ReducedToFitTokenBudget, Is.True);
        AssertValidText(description);
    }

    [TestCaseSource(nameof(Events))]
    public async Task Eventai_describe_exits_0_in_process(string json)
    {
        CliRun run = await CliRun.RunAsync(["describe"], stdin: json);

        Assert.That(run.ExitCode, Is.Zero, run.Stderr);
        Assert.That(() => JsonDocument.Parse(run.Stdout), Throws.Nothing);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Eventai_describe_as_a_process_exits_0_not_134()
    {
        string tool = Path.Combine(AppContext.BaseDirectory, "EventAi.Cli.dll");
        var start = new ProcessStartInfo("dotnet", ["exec", tool, "describe"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        using Process process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(InFrames);
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.That(process.ExitCode, Is.Zero, stderr);
        Assert.That(await stdout, Does.Contain("mail [email] � now"));
    }

    private static void AssertValidText(EventDescription description)
    {
        Assert.That(System.Text.Unicode.Utf8.IsValid(description.Utf8Json.Span), Is.True);
        using JsonDocument parsed = JsonDocument.Parse(description.Utf8Json);
        AssertStringsDecode(parsed.RootElement);
    }

    // GetString throws on a lone surrogate escape, so this proves none is left.
    private static void AssertStringsDecode(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    _ = property.Name;
                    AssertStringsDecode(property.Value);
                }

                break;
            case JsonValueKind.Array:
                foreach (JsonElement item in element.EnumerateArray())
                {
                    AssertStringsDecode(item);
                }

                break;
            case JsonValueKind.String:
                _ = element.GetString();
                break;
        }
    }
}
