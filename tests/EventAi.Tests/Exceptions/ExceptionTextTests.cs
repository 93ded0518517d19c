using System.Text.Json;
using EventAi.Tests.Describing;
using EventAi.Tests.TestSupport;

namespace EventAi.Tests.Exceptions;

/// <summary>Describing the text of Exception.ToString(), as found in logs.</summary>
public sealed class ExceptionTextTests
{
    [Test]
    public void The_text_of_a_real_exception_describes_like_the_exception_itself()
    {
        Exception error = ThrowingCode.Capture(ThrowingCode.Nested);
        var describer = new EventDescriber(new DescribeOptions { SourceRoots = [RepoPaths.Root] });

        JsonElement fromText = describer.DescribeExceptionText(error.ToString()).ToJsonElement();
        JsonElement fromException = new EventDescriber().Describe(error).ToJsonElement();

        Assert.That(Summary(fromText), Is.EqualTo(Summary(fromException)));
    }

    [Test]
    public void The_text_of_a_real_exception_reads_no_source_without_roots()
    {
        Exception error = ThrowingCode.Capture(ThrowingCode.Nested);

        JsonElement fromText = new EventDescriber().DescribeExceptionText(error.ToString()).ToJsonElement();

        Assert.That(fromText.GetProperty("exceptions").EnumerateArray().SelectMany(Describe.Frames).Select(f => f.GetProperty("code").GetString()),
            Is.All.Empty, "file names in text are untrusted: DescribeOptions.SourceRoots is empty by default");
    }

    [Test]
    public void The_text_of_an_aggregate_lists_every_inner_exception()
    {
        Exception error = ThrowingCode.Capture(ThrowingCode.Aggregate);

        JsonElement[] exceptions = new EventDescriber().DescribeExceptionText(error.ToString()).ToJsonElement()
            .GetProperty("exceptions").EnumerateArray().ToArray();

        Assert.That(exceptions[0].GetProperty("type").GetString(), Is.EqualTo("System.AggregateException"));
        Assert.That(exceptions.Skip(1).Select(e => e.GetProperty("type").GetString()),
            Is.EquivalentTo(new[] { "System.TimeoutException", "System.Collections.Generic.KeyNotFoundException" }));
    }

    [Test]
    public void Older_async_frames_are_shown_by_their_method_names()
    {
        const string Text = """
            System.Net.Http.HttpRequestException: Response status code does not indicate success: 404 (Not Found).
               at System.Net.Http.HttpResponseMessage.EnsureSuccessStatusCode()
               at Shop.Customers.ProfileClient.<GetProfileAsync>d__4.MoveNext() in /src/Shop/Customers/ProfileClient.cs:line 27
            """;

        JsonElement[] frames = Describe.Frames(new EventDescriber().DescribeExceptionText(Text).ToJsonElement().GetProperty("exceptions")[0]);

        Assert.That(frames[0].GetProperty("func").GetString(), Is.EqualTo("EnsureSuccessStatusCode"));
        Assert.That(frames[0].TryGetProperty("in_app", out _), Is.False);
        Assert.That(frames[1].GetProperty("func").GetString(), Is.EqualTo("GetProfileAsync"));
        Assert.That(frames[1].GetProperty("module").GetString(), Is.EqualTo("Shop.Customers.ProfileClient"));
        Assert.That(frames[1].GetProperty("line").GetInt32(), Is.EqualTo(27));
        Assert.That(frames[1].GetProperty("in_app").GetBoolean(), Is.True);
    }

    [Test]
    public void Text_without_an_exception_header_is_rejected()
    {
        Assert.Throws<InvalidEventException>(() => new EventDescriber().DescribeExceptionText("   at nothing\n"));
    }

    private static string[] Summary(JsonElement description) =>
        description.GetProperty("exceptions").EnumerateArray()
            .SelectMany(e => new[] { e.GetProperty("type").GetString()!, e.GetProperty("message").GetString()! }
                .Concat(Describe.Frames(e).Select(f => $"{f.GetProperty("func").GetString()} {f.GetProperty("module").GetString()} {f.GetProperty("line").GetInt32()} {f.GetProperty("code").GetString()}")))
            .ToArray();
}
