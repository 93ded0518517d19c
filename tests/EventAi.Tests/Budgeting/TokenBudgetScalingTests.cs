using System.Text;
using System.Text.Json;
using CsCheck;
using EventAi.Tests.Describing;
using EventAi.Tests.TestSupport;
using Microsoft.ML.Tokenizers;

namespace EventAi.Tests.Budgeting;

/// <summary>
/// Issue 10, item 3: token counting sees bounded pieces and stays exact, the reducer counts part by part,
/// and both take time linear in the description (n log n at worst), also for runs without a split point.
/// </summary>
public sealed class TokenBudgetScalingTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(20);

    // Counted independently of the library: the tests build their own tokenizers.
    private static readonly Lazy<Tokenizer> O200k = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));
    private static readonly Lazy<Tokenizer> Cl100k = new(() => TiktokenTokenizer.CreateForEncoding("cl100k_base"));

    private static readonly string[] Alphabet =
        ["A", "a", "日本語", "ひらがな", "カタカナ", "ab", "Zz", "é", "\u0301", "😀", "x", " ", "!", "=", "-", "aa", "AAAA", "ñ", "ь", "Ж", "\ud800", "\t", "1", "'s"];

    [Test]
    public void A_japanese_message_of_60_kilobytes_is_reduced_to_500_tokens_in_time()
    {
        string message = string.Concat(Enumerable.Repeat("東京都の天気予報によると明日は晴れでしょうそして気温は高くなります", 700));
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(new { platform = "python", message, exception = new[] { new { type = "ValueError", value = message } } });
        Assert.That(json.Length, Is.GreaterThan(60_000));

        string reduced = DescribeGuarded(json, new DescribeOptions { MaxTokens = 500 });

        Assert.That(O200k.Value.CountTokens(reduced), Is.LessThanOrEqualTo(500));
        Assert.That(JsonDocument.Parse(reduced).RootElement.GetProperty("exceptions")[0].GetProperty("type").GetString(), Is.EqualTo("ValueError"));
    }

    [Test]
    public void A_run_of_one_letter_of_256_kilobytes_is_reduced_in_time()
    {
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(new { exception = new[] { new { type = "E", value = new string('A', 256 * 1024) } } });

        string reduced = DescribeGuarded(json, new DescribeOptions { MaxTokens = 500 });

        Assert.That(O200k.Value.CountTokens(reduced), Is.LessThanOrEqualTo(500));
    }

    [Test]
    public void A_hundred_thousand_exceptions_are_reduced_in_time()
    {
        var text = new StringBuilder("{\"exception\":{\"values\":[");
        for (int i = 0; i < 100_000; i++)
        {
            text.Append(i == 0 ? "" : ",").Append("{\"type\":\"Error").Append(i).Append("\",\"value\":\"failed step ").Append(i)
                .Append("\",\"stacktrace\":{\"frames\":[{\"function\":\"step").Append(i).Append("\",\"lineno\":").Append(i).Append("}]}}");
        }

        byte[] json = Encoding.UTF8.GetBytes(text.Append("]}}").ToString());

        string reduced = DescribeGuarded(json, new DescribeOptions { MaxExceptions = int.MaxValue, MaxTokens = 2000 });

        int tokens = O200k.Value.CountTokens(reduced);
        Assert.That(tokens, Is.LessThanOrEqualTo(2000));
        JsonElement[] exceptions = JsonDocument.Parse(reduced).RootElement.GetProperty("exceptions").EnumerateArray().ToArray();
        Assert.That(exceptions[0].GetProperty("type").GetString(), Is.EqualTo("Error99999"), "the newest exception stays");
        Assert.That(exceptions.Length, Is.GreaterThan(10), "the oldest exceptions go one at a time, no more than needed");
    }

    [Test]
    public void A_long_run_that_fits_exactly_is_kept_and_one_token_less_reduces_it()
    {
        string message = string.Concat(Enumerable.Range(0, 6000).Select(i => (char)(0x4E00 + (i * 7919 % 20000))));
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(new { exception = new[] { new { type = "E", value = message } } });
        string full = new EventDescriber().Describe(json).ToJson();
        int exact = O200k.Value.CountTokens(full);

        EventDescription atBudget = new EventDescriber(new DescribeOptions { MaxTokens = exact }).Describe(json);
        EventDescription below = new EventDescriber(new DescribeOptions { MaxTokens = exact - 1 }).Describe(json);

        Assert.That(atBudget.ToJson(), Is.EqualTo(full));
        Assert.That(atBudget.ReducedToFitTokenBudget, Is.False);
        Assert.That(below.ReducedToFitTokenBudget, Is.True);
        Assert.That(O200k.Value.CountTokens(below.ToJson()), Is.LessThanOrEqualTo(exact - 1));
    }

    [Test]
    public void Counts_equal_the_tokenizers_own_on_long_runs()
    {
        Gen<string> texts = Gen.Select(Gen.Int[0, Alphabet.Length - 1].Array[1, 3], Gen.Int[1, 700], Gen.Int[0, 1000])
            .Select(c => Repeat(c.Item1.Select(i => Alphabet[i]).ToArray(), c.Item2, c.Item3));
        SeededProperty.Check(
            texts,
            text => TokenCounter.CountTokens(text, "gpt-4o") == O200k.Value.CountTokens(text)
                && TokenCounter.CountTokens(text, "gpt-4") == Cl100k.Value.CountTokens(text),
            seed: 23,
            cases: 400);
    }

    [Test]
    public void Counting_a_description_part_by_part_equals_counting_it_whole()
    {
        var counter = new SegmentCounter(TokenCounter.TallyFor("gpt-4o"));
        var cl100kCounter = new SegmentCounter(TokenCounter.TallyFor("gpt-4"));
        SeededProperty.Check(
            EventJson.Events,
            json =>
            {
                string description = new EventDescriber(new DescribeOptions { Detailed = true, Scrub = new ScrubOptions { Enabled = false } })
                    .Describe(Encoding.UTF8.GetBytes(json)).ToJson();
                using JsonDocument document = JsonDocument.Parse(description);
                ReducibleNode root = ReducibleNode.From(document.RootElement);
                byte[] utf8 = Encoding.UTF8.GetBytes(description);
                int o200k = O200k.Value.CountTokens(description);
                int cl100k = Cl100k.Value.CountTokens(description);
                return counter.Count(root, 0, int.MaxValue) == o200k && counter.Count(utf8, int.MaxValue) == o200k
                    && cl100kCounter.Count(root, 0, int.MaxValue) == cl100k && cl100kCounter.Count(utf8, int.MaxValue) == cl100k;
            },
            seed: 29,
            cases: 500);
    }

    [Test]
    public void Reductions_are_the_ones_the_step_by_step_reducer_made()
    {
        Tokenizer tokenizer = TokenCounter.TokenizerFor(null);
        SeededProperty.Check(
            Gen.Select(EventJson.Events, Gen.Int[10, 500], Gen.Bool),
            c =>
            {
                (string json, int budget, bool detailed) = c;
                byte[] full = new EventDescriber(new DescribeOptions { Detailed = detailed, MaxExceptions = 5, MaxFrames = 30 })
                    .Describe(Encoding.UTF8.GetBytes(json)).Utf8Json.ToArray();
                if (tokenizer.CountTokens(Encoding.UTF8.GetString(full)) <= budget || HasRepeatedNames(full))
                {
                    return true;
                }

                string expected;
                try
                {
                    expected = Encoding.UTF8.GetString(ReferenceDescriptionReducer.Reduce(full, budget, tokenizer));
                }
                catch (TokenBudgetExceededException e)
                {
                    TokenBudgetExceededException actual = Assert.Throws<TokenBudgetExceededException>(() => DescriptionReducer.Reduce(full, budget, tokenizer))!;
                    return e.MinimumTokens == int.MaxValue || actual.MinimumTokens == e.MinimumTokens;
                }

                Assert.That(Encoding.UTF8.GetString(DescriptionReducer.Reduce(full, budget, tokenizer)), Is.EqualTo(expected), $"budget {budget}");
                return true;
            },
            seed: 31,
            cases: 600);
    }

    private static string Repeat(string[] parts, int length, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder();
        while (text.Length < length)
        {
            text.Append(parts[random.Next(parts.Length)]);
        }

        return text.ToString();
    }

    // The step-by-step reducer kept only the last of repeated names; the tree keeps them as written.
    private static bool HasRepeatedNames(byte[] json)
    {
        using JsonDocument document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });
        return Repeats(document.RootElement);

        static bool Repeats(JsonElement element) => element.ValueKind switch
        {
            JsonValueKind.Object => element.EnumerateObject().GroupBy(p => p.Name).Any(g => g.Count() > 1) || element.EnumerateObject().Any(p => Repeats(p.Value)),
            JsonValueKind.Array => element.EnumerateArray().Any(Repeats),
            _ => false,
        };
    }

    private static string DescribeGuarded(byte[] json, DescribeOptions options)
    {
        Task<EventDescription> describing = Task.Run(() => new EventDescriber(options).Describe(json));
        Assert.That(describing.Wait(HangGuard), Is.True, "describing within the budget ends in time");
        return describing.Result.ToJson();
    }
}
