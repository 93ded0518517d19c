using System.Text;
using System.Text.Json;
using EventAi.Tests.Describing;
using EventAi.Tests.TestSupport;
using Microsoft.ML.Tokenizers;

namespace EventAi.Tests.Budgeting;

/// <summary>DescribeOptions.MaxTokens: the compact description is reduced until it fits, in the documented order.</summary>
public sealed class TokenBudgetTests
{
    private static readonly int[] Budgets = [50, 100, 200, 400, 800, 1500, 4000];

    // Counted independently of the library: the test builds its own tokenizer.
    private static readonly Lazy<Tokenizer> O200k = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));

    private static int Tokens(string json) => O200k.Value.CountTokens(json);

    private static IEnumerable<string> Samples() => SharedCorpus.SampleNames();

    [TestCaseSource(nameof(Samples))]
    public void Every_corpus_event_fits_every_budget_and_keeps_its_crash_frame(string sample)
    {
        byte[] json = File.ReadAllBytes(SharedCorpus.SamplePath(sample));
        var detailed = new DescribeOptions { Detailed = true };
        EventDescription full = new EventDescriber(detailed).Describe(json);
        int fullTokens = Tokens(full.ToJson());
        JsonElement? crash = CrashFrame(full.ToJsonElement());
        var report = new StringBuilder($"{sample}: full {fullTokens} tokens;");

        foreach (int budget in Budgets)
        {
            EventDescription reduced;
            try
            {
                reduced = new EventDescriber(new DescribeOptions { Detailed = true, MaxTokens = budget }).Describe(json);
            }
            catch (TokenBudgetExceededException e)
            {
                Assert.That(e.MinimumTokens, Is.GreaterThan(budget));
                Assert.That(budget, Is.LessThan(100), $"only the smallest budgets may be out of reach ({e.Message})");
                report.Append(FormattableString.Invariant($" {budget}: needs {e.MinimumTokens};"));
                continue;
            }

            int tokens = Tokens(reduced.ToJson());
            report.Append(FormattableString.Invariant($" {budget}: {tokens};"));
            Assert.That(tokens, Is.LessThanOrEqualTo(budget), $"budget {budget}");
            if (fullTokens <= budget)
            {
                Assert.That(reduced.ToJson(), Is.EqualTo(full.ToJson()), "a description that fits is not reduced");
                Assert.That(reduced.ReducedToFitTokenBudget, Is.False);
            }
            else
            {
                Assert.That(reduced.ReducedToFitTokenBudget, Is.True);
            }

            if (crash is { } expected)
            {
                JsonElement actual = CrashFrame(reduced.ToJsonElement())!.Value;
                Assert.That(actual.GetProperty("crash").GetString(), Is.EqualTo("here"));
                Assert.That(Describe.Keys(actual).Where(k => k is "func" or "file" or "line"),
                    Is.EqualTo(Describe.Keys(expected).Where(k => k is "func" or "file" or "line")), "the crash frame still says where");
            }
        }

        TestContext.Out.WriteLine(report.ToString());
    }

    [Test]
    public void A_description_within_budget_is_returned_unchanged()
    {
        string json = Describe.WithFrames("""{"function":"f","context_line":"x = 1"}""");

        Assert.That(Describe.Event(json, new DescribeOptions { MaxTokens = 4000 }).ToJson(), Is.EqualTo(Describe.Event(json).ToJson()));
    }

    [Test]
    public void Code_context_goes_first_and_the_crash_frame_keeps_its_code()
    {
        string line = string.Join(' ', Enumerable.Repeat("value = compute(value)", 6));
        string[] frames = Enumerable.Range(0, 6).Select(i => JsonSerializer.Serialize(new { function = $"f{i}", context_line = line, pre_context = new[] { line, line } })).ToArray();
        string json = Describe.WithFrames(frames);
        var options = new DescribeOptions { Detailed = true };
        int full = Tokens(Describe.Event(json, options).ToJson());

        options.MaxTokens = full - 40;
        JsonElement[] reduced = Describe.Frames(Describe.Exception(json, options: options));

        Assert.That(reduced, Has.Length.EqualTo(6), "no frame is removed while code context can go");
        Assert.That(reduced[0].TryGetProperty("code_before", out _), Is.True, "the crash frame keeps its context");
        Assert.That(reduced[^1].TryGetProperty("code", out _), Is.False, "the oldest call loses its code first");
    }

    [Test]
    public void Frames_go_from_the_middle_before_exceptions_go()
    {
        string[] frames = Enumerable.Range(0, 30).Select(i => $$"""{"function":"function_number_{{i}}","module":"some.long.module.name{{i}}"}""").ToArray();
        string json = $$$"""{"exception":{"values":[{"type":"Cause","value":"c"},{"type":"Crash","value":"x","stacktrace":{"frames":[{{{string.Join(",", frames)}}}]}}]}}""";
        var options = new DescribeOptions { MaxFrames = 30 };
        int full = Tokens(Describe.Event(json, options).ToJson());

        options.MaxTokens = full - 250; // more than the empty code lines of all frames
        JsonElement description = Describe.Json(json, options);

        JsonElement[] kept = Describe.Frames(description.GetProperty("exceptions")[0]);
        Assert.That(description.GetProperty("exceptions").GetArrayLength(), Is.EqualTo(2), "exceptions stay while frames can go");
        Assert.That(kept.Length, Is.LessThan(30));
        Assert.That(kept[0].GetProperty("func").GetString(), Is.EqualTo("function_number_29"));
        Assert.That(kept[^1].GetProperty("func").GetString(), Is.EqualTo("function_number_0"), "the two ends survive");
    }

    [Test]
    public void Long_strings_are_truncated_with_a_marker_once_nothing_else_can_go()
    {
        string message = string.Concat(Enumerable.Range(0, 400).Select(i => $"word{i} "));
        string json = JsonSerializer.Serialize(new { exception = new[] { new { type = "E", value = message } } });

        JsonElement exception = Describe.Exception(json, options: new DescribeOptions { MaxTokens = 200 });

        string kept = exception.GetProperty("message").GetString()!;
        Assert.That(kept, Does.EndWith("…"));
        Assert.That(kept.Length, Is.LessThan(message.Length));
        Assert.That(exception.GetProperty("type").GetString(), Is.EqualTo("E"));
    }

    [Test]
    public void A_budget_that_cannot_be_met_throws_with_the_numbers()
    {
        string json = JsonSerializer.Serialize(new { exception = new[] { new { type = new string('T', 400), value = "v" } } });

        TokenBudgetExceededException error = Assert.Throws<TokenBudgetExceededException>(() => Describe.Event(json, new DescribeOptions { MaxTokens = 10 }))!;

        Assert.That(error.Budget, Is.EqualTo(10));
        Assert.That(error.MinimumTokens, Is.GreaterThan(10));
        Assert.That(error.Message, Does.Contain("10").And.Contain(error.MinimumTokens.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [TestCase(0)]
    [TestCase(-5)]
    public void A_budget_below_one_is_rejected(int budget)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new EventDescriber(new DescribeOptions { MaxTokens = budget }))!;

        Assert.That(error.Message, Does.Contain("DescribeOptions.MaxTokens"));
    }

    [TestCase("gpt-4o", "o200k_base")]
    [TestCase("gpt-4.1-mini", "o200k_base")]
    [TestCase("gpt-5", "o200k_base")]
    [TestCase("o3-mini", "o200k_base")]
    [TestCase("gpt-4", "cl100k_base")]
    [TestCase("gpt-4-turbo", "cl100k_base")]
    [TestCase("gpt-3.5-turbo", "cl100k_base")]
    [TestCase("llama3", "o200k_base")]
    [TestCase(null, "o200k_base")]
    public void The_tokenizer_follows_the_model_family(string? model, string encoding)
    {
        Assert.That(TokenCounter.EncodingFor(model), Is.EqualTo(encoding));
    }

    [Test]
    public void Counts_match_the_tokenizer_of_the_family()
    {
        const string Text = "{\"exceptions\":[{\"num\":1,\"type\":\"ZeroDivisionError\",\"message\":\"division by zero 数据\"}]}";
        Tokenizer cl100k = TiktokenTokenizer.CreateForEncoding("cl100k_base");

        Assert.That(TokenCounter.CountTokens(Text, "gpt-4o"), Is.EqualTo(Tokens(Text)));
        Assert.That(TokenCounter.CountTokens(Text, "gpt-4"), Is.EqualTo(cl100k.CountTokens(Text)));
    }

    [Test]
    public void Reducing_never_increases_the_token_count()
    {
        SeededProperty.Check(
            CsCheck.Gen.Select(EventJson.Events, CsCheck.Gen.Int[20, 400]),
            c =>
            {
                byte[] utf8 = Encoding.UTF8.GetBytes(c.Item1);
                int full = Tokens(new EventDescriber(new DescribeOptions { Detailed = true }).Describe(utf8).ToJson());
                try
                {
                    string reduced = new EventDescriber(new DescribeOptions { Detailed = true, MaxTokens = c.Item2 }).Describe(utf8).ToJson();
                    int tokens = Tokens(reduced);
                    return tokens <= full && (tokens <= c.Item2);
                }
                catch (TokenBudgetExceededException e)
                {
                    return e.MinimumTokens > c.Item2 && e.MinimumTokens <= full;
                }
            },
            seed: 11,
            cases: 500);
    }

    private static JsonElement? CrashFrame(JsonElement description)
    {
        JsonElement owner = description.GetProperty("exceptions").GetArrayLength() > 0 ? description.GetProperty("exceptions")[0] : description;
        return owner.TryGetProperty("stacktrace", out JsonElement stack) ? stack[0] : null;
    }
}
