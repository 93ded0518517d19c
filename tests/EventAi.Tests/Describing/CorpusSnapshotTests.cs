using System.Text.Json;
using EventAi.Tests.TestSupport;

namespace EventAi.Tests.Describing;

/// <summary>Every real sample event of <c>../shared/corpus</c>, described and compared with a committed snapshot.</summary>
public sealed class CorpusSnapshotTests
{
    private static IEnumerable<string> Samples() => SharedCorpus.SampleNames();

    private static IEnumerable<string> Invalid() => SharedCorpus.InvalidNames();

    [TestCaseSource(nameof(Samples))]
    public void Compact_user_message_matches_its_snapshot(string sample)
    {
        EventDescription description = new EventDescriber().Describe(File.ReadAllBytes(SharedCorpus.SamplePath(sample)));

        Snapshot.Match(description.ToJson(), $"{Path.GetFileNameWithoutExtension(sample)}.compact");
    }

    [TestCaseSource(nameof(Samples))]
    public void Detailed_description_matches_its_snapshot(string sample)
    {
        var describer = new EventDescriber(new DescribeOptions { Detailed = true });

        EventDescription description = describer.Describe(File.ReadAllBytes(SharedCorpus.SamplePath(sample)));

        Snapshot.Match(description.ToJson(indented: true), $"{Path.GetFileNameWithoutExtension(sample)}.detailed");
    }

    [TestCaseSource(nameof(Samples))]
    public void Describing_a_sample_keeps_the_crash_frame_within_the_allowance(string sample)
    {
        JsonElement description = new EventDescriber().Describe(File.ReadAllBytes(SharedCorpus.SamplePath(sample))).ToJsonElement();

        IEnumerable<JsonElement> stacks = description.GetProperty("exceptions").EnumerateArray()
            .Append(description)
            .Where(owner => owner.TryGetProperty("stacktrace", out _))
            .Select(owner => owner.GetProperty("stacktrace"));
        foreach (JsonElement stack in stacks)
        {
            Assert.That(stack.GetArrayLength(), Is.InRange(1, DescribeOptions.DefaultMaxFrames));
            Assert.That(stack[0].GetProperty("crash").GetString(), Is.EqualTo("here"));
        }
    }

    [TestCase("ruby.json", 23)]
    [TestCase("invalid-interfaces.json", 96)]
    public void Malformed_originals_are_rejected_with_their_line(string name, int line)
    {
        byte[] json = File.ReadAllBytes(SharedCorpus.InvalidPath(name));

        InvalidEventException error = Assert.Throws<InvalidEventException>(() => new EventDescriber().Describe(json))!;

        Assert.That(error.LineNumber, Is.EqualTo(line));
        Assert.That(error.BytePositionInLine, Is.GreaterThan(0));
        Assert.That(error.Message, Does.Contain($"line {line}, byte {error.BytePositionInLine}"));
    }

    [TestCaseSource(nameof(Invalid))]
    public void Every_malformed_payload_is_rejected(string name)
    {
        byte[] json = File.ReadAllBytes(SharedCorpus.InvalidPath(name));

        Assert.Throws<InvalidEventException>(() => new EventDescriber().Describe(json));
    }

    [TestCase("javascript.json")]
    [TestCase("java.json")]
    [TestCase("ruby.json")]
    [TestCase("php.json")]
    public void Legacy_exception_interface_samples_describe_their_exceptions(string name)
    {
        JsonElement description = DescribeSample(name);

        Assert.That(description.GetProperty("exceptions").GetArrayLength(), Is.GreaterThan(0));
        Assert.That(description.GetProperty("exceptions")[0].TryGetProperty("stacktrace", out _), Is.True);
    }

    [TestCase("java.json")]
    [TestCase("ruby.json")]
    public void Legacy_message_interface_samples_describe_their_message(string name)
    {
        Assert.That(DescribeSample(name).GetProperty("message").ValueKind, Is.EqualTo(JsonValueKind.Object));
    }

    [TestCase("python.json")]
    [TestCase("aspnetcore.json")]
    public void Samples_with_only_a_top_level_stack_describe_it(string name)
    {
        JsonElement description = DescribeSample(name);

        Assert.That(description.GetProperty("exceptions").GetArrayLength(), Is.Zero);
        Assert.That(description.GetProperty("stacktrace")[0].GetProperty("crash").GetString(), Is.EqualTo("here"));
    }

    [Test]
    public void An_empty_top_level_stack_gives_no_stacktrace()
    {
        Assert.That(DescribeSample("empty-stacktrace.json").TryGetProperty("stacktrace", out _), Is.False);
    }

    [Test]
    public void The_crashed_thread_sample_takes_its_frames_from_the_thread()
    {
        JsonElement exception = DescribeSample("exception-without-stack-trace-and-crashed-thread-with-stack-trace.json").GetProperty("exceptions")[0];

        Assert.That(exception.GetProperty("stacktrace").GetArrayLength(), Is.GreaterThan(0));
    }

    [Test]
    public void The_large_react_native_sample_is_described_within_the_allowance()
    {
        EventDescription description = new EventDescriber().Describe(File.ReadAllBytes(SharedCorpus.SamplePath("react-native.json")));

        Assert.That(description.Utf8Json.Length, Is.LessThan(20_000));
        Assert.That(description.FramesTrimmed, Is.GreaterThan(0));
    }

    private static JsonElement DescribeSample(string name) =>
        new EventDescriber().Describe(File.ReadAllBytes(SharedCorpus.SamplePath(name))).ToJsonElement();
}
