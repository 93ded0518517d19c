using System.Text;
using System.Text.Json;
using EventAi.Benchmarks.Baseline;
using EventAi.Tests.TestSupport;

namespace EventAi.Tests.Describing;

/// <summary>
/// The single-pass engine gives exactly what the old <see cref="JsonDocument"/> path
/// (<see cref="BaselineDescriber"/>, frozen with the benchmarks) gave, for every corpus event and for
/// thousands of generated valid events. Lone surrogates are left out: the old path passed them on raw,
/// the engine reads them as U+FFFD on purpose (<see cref="LoneSurrogateTests"/>).
/// </summary>
public sealed class DifferentialTests
{
    // The old path left file names alone; the engine takes user names out of them (UserPath), so that rule is off here.
    private static readonly DescribeOptions[] Settings =
    [
        new() { Scrub = WithoutUserPath() },
        new() { Detailed = true, Scrub = WithoutUserPath() },
        new() { MaxFrames = 2, MaxExceptions = 1, Scrub = WithoutUserPath() },
        new() { MaxFrames = 0, MaxExceptions = 0, Scrub = WithoutUserPath() },
        new() { Scrub = new ScrubOptions { Enabled = false } },
    ];

    private static IEnumerable<string> Samples() => SharedCorpus.SampleNames();

    [TestCaseSource(nameof(Samples))]
    public void A_corpus_event_is_described_as_the_old_path_did(string sample)
    {
        byte[] json = File.ReadAllBytes(SharedCorpus.SamplePath(sample));

        foreach (DescribeOptions options in Settings)
        {
            Assert.That(New(options, json), Is.EqualTo(Old(options, json)));
        }
    }

    [Test]
    public void Generated_valid_events_are_described_as_the_old_path_did()
    {
        DescribeOptions[] unscrubbed = [.. Settings.Select(WithoutScrubbing)];
        int compared = 0;
        SeededProperty.Check(
            EventJson.TextEvents,
            text =>
            {
                byte[] json = Encoding.UTF8.GetBytes(text);
                if (HasLoneSurrogate(json))
                {
                    return true;
                }

                compared++;
                return unscrubbed.All(options => New(options, json) == Old(options, json));
            },
            seed: 41,
            cases: 3000);

        Assert.That(compared, Is.EqualTo(3000), "every generated string decodes to text");
    }

    private static ScrubOptions WithoutUserPath() => new() { Rules = ScrubRules.All & ~ScrubRules.UserPath };

    private static string New(DescribeOptions options, byte[] json) => new EventDescriber(options).Describe(json).ToJson();

    private static string Old(DescribeOptions options, byte[] json) => Encoding.UTF8.GetString(new BaselineDescriber(options).Describe(json));

    private static DescribeOptions WithoutScrubbing(DescribeOptions options) => new()
    {
        Detailed = options.Detailed,
        MaxFrames = options.MaxFrames,
        MaxExceptions = options.MaxExceptions,
        Scrub = new ScrubOptions { Enabled = false },
    };

    private static bool HasLoneSurrogate(byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
                {
                    _ = reader.GetString();
                }
            }

            return false;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }
}
