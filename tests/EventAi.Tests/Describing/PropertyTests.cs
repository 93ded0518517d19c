using System.Text;
using System.Text.Json;
using CsCheck;
using EventAi.Tests.TestSupport;

namespace EventAi.Tests.Describing;

/// <summary>Invariants over thousands of generated cases, with fixed seeds so a run is repeatable.</summary>
public sealed class PropertyTests
{
    private const int Cases = 3000;

    private static readonly Gen<(bool[] IsApp, int Allowance)> TrimCases =
        Gen.Select(Gen.Bool.Array[0, 60], Gen.Int[-3, 40]);

    [Test]
    public void Trim_never_exceeds_the_allowance_keeps_order_and_the_first_frame()
    {
        SeededProperty.Check(
            TrimCases,
            c =>
            {
                int[] frames = Enumerable.Range(0, c.IsApp.Length).ToArray();
                IReadOnlyList<int> kept = FrameTrimmer.Trim(frames, c.Allowance, i => c.IsApp[i]);

                return kept.Count <= Math.Max(0, c.Allowance)
                    && kept.Zip(kept.Skip(1)).All(pair => pair.First < pair.Second)
                    && (c.Allowance < 1 || frames.Length == 0 || kept[0] == 0)
                    && (frames.Length > c.Allowance || c.Allowance < 1 || kept.Count == frames.Length);
            },
            seed: 1,
            cases: Cases);
    }

    [Test]
    public void Trim_never_mutates_its_input_and_never_throws()
    {
        SeededProperty.Check(
            TrimCases,
            c =>
            {
                int[] frames = Enumerable.Range(0, c.IsApp.Length).ToArray();
                int[] before = [.. frames];
                FrameTrimmer.Trim(frames, c.Allowance, i => c.IsApp[i]);
                return frames.SequenceEqual(before);
            },
            seed: 2,
            cases: Cases);
    }

    [Test]
    public void Trim_keeps_every_app_frame_when_they_fit_in_the_allowance()
    {
        SeededProperty.Check(
            TrimCases,
            c =>
            {
                int[] frames = Enumerable.Range(0, c.IsApp.Length).ToArray();
                IReadOnlyList<int> kept = FrameTrimmer.Trim(frames, c.Allowance, i => c.IsApp[i]);
                int appCount = c.IsApp.Count(app => app);
                return c.Allowance < 1 || appCount >= c.Allowance || kept.Count(i => c.IsApp[i]) == appCount;
            },
            seed: 3,
            cases: Cases);
    }

    [Test]
    public void Describe_never_throws_on_objects_with_any_value_at_any_key_it_reads()
    {
        var describers = new[]
        {
            new EventDescriber(),
            new EventDescriber(new DescribeOptions { Detailed = true, MaxFrames = 2, MaxExceptions = 1 }),
            new EventDescriber(new DescribeOptions { MaxFrames = 0, MaxExceptions = 0 }),
        };

        int withFrames = 0;
        int withExceptions = 0;
        SeededProperty.Check(
            EventJson.Events,
            json =>
            {
                byte[] utf8 = Encoding.UTF8.GetBytes(json);
                foreach (EventDescriber describer in describers)
                {
                    EventDescription description = describer.Describe(utf8);
                    using JsonDocument reparsed = JsonDocument.Parse(description.Utf8Json);
                    if (!reparsed.RootElement.TryGetProperty("exceptions", out JsonElement exceptions))
                    {
                        return false;
                    }

                    withExceptions += exceptions.GetArrayLength() > 0 ? 1 : 0;
                    withFrames += description.Utf8Json.Span.IndexOf("\"crash\""u8) >= 0 ? 1 : 0;
                }

                return true;
            },
            seed: 4,
            cases: Cases);

        // The generator must reach the interesting paths, or the property proves little.
        Assert.That(withExceptions, Is.GreaterThan(Cases / 20));
        Assert.That(withFrames, Is.GreaterThan(Cases / 100));
    }
}
