using System.Text.Json;
using EventAi.Tests.Describing;
using EventAi.Tests.TestSupport;

namespace EventAi.Tests.Exceptions;

/// <summary>Describing live .NET exceptions thrown by real code, with their files, lines and source.</summary>
public sealed class ExceptionDescriptionTests
{
    private static readonly string ThrowingFile = Path.Combine(RepoPaths.Root, "tests", "EventAi.Tests", "Exceptions", "ThrowingCode.cs");

    private static JsonElement DescribeException(Exception exception, bool unhandled = false, DescribeOptions? options = null) =>
        new EventDescriber(options).Describe(exception, unhandled).ToJsonElement();

    private static string Normalized(EventDescription description) =>
        description.ToJson(indented: true).Replace(RepoPaths.Root, "<repo>", StringComparison.Ordinal);

    [Test]
    public void A_sync_exception_points_at_the_throwing_line_with_its_code()
    {
        Exception error = ThrowingCode.Capture(ThrowingCode.Sync);

        JsonElement exception = DescribeException(error).GetProperty("exceptions")[0];
        JsonElement crash = Describe.Frames(exception)[0];

        Assert.That(exception.GetProperty("type").GetString(), Is.EqualTo("System.InvalidOperationException"));
        Assert.That(exception.GetProperty("message").GetString(), Is.EqualTo("Sequence contains 0 elements"));
        Assert.That(crash.GetProperty("func").GetString(), Is.EqualTo("Sync"));
        Assert.That(crash.GetProperty("module").GetString(), Is.EqualTo("EventAi.Tests.Exceptions.ThrowingCode"));
        Assert.That(crash.GetProperty("file").GetString(), Is.EqualTo(ThrowingFile));
        Assert.That(crash.GetProperty("in_app").GetBoolean(), Is.True);
        Assert.That(crash.GetProperty("code").GetString(), Does.Contain("throw new InvalidOperationException"));
        string[] lines = File.ReadAllLines(ThrowingFile);
        Assert.That(lines[crash.GetProperty("line").GetInt32() - 1], Does.Contain("throw new InvalidOperationException"));
        Assert.That(crash.GetProperty("code_before").GetArrayLength(), Is.EqualTo(5));
        Assert.That(crash.GetProperty("code_after").GetArrayLength(), Is.EqualTo(5));
    }

    [Test]
    public async Task An_async_exception_shows_the_async_method_by_its_own_name()
    {
        Exception error = await ThrowingCode.CaptureAsync(ThrowingCode.LoadProfileAsync);

        JsonElement[] frames = Describe.Frames(DescribeException(error).GetProperty("exceptions")[0]);

        Assert.That(frames[0].GetProperty("func").GetString(), Is.EqualTo("LoadProfileAsync"));
        Assert.That(frames[0].GetProperty("module").GetString(), Is.EqualTo("EventAi.Tests.Exceptions.ThrowingCode"));
        Assert.That(frames.Select(f => f.GetProperty("func").GetString()), Has.None.EqualTo("MoveNext"));
        Assert.That(frames[0].GetProperty("code").GetString(), Does.Contain("throw new ArgumentException"));
    }

    [Test]
    public void A_wrapping_exception_is_exception_one_and_its_cause_follows()
    {
        Exception error = ThrowingCode.Capture(ThrowingCode.Nested);

        JsonElement[] exceptions = DescribeException(error).GetProperty("exceptions").EnumerateArray().ToArray();

        Assert.That(exceptions.Select(e => e.GetProperty("type").GetString()),
            Is.EqualTo(new[] { "System.ApplicationException", "System.InvalidOperationException" }));
        Assert.That(exceptions[1].GetProperty("raised_during_handling_of_previous_exception").GetBoolean(), Is.True);
        Assert.That(Describe.Frames(exceptions[0])[0].GetProperty("func").GetString(), Is.EqualTo("Nested"));
        Assert.That(Describe.Frames(exceptions[1])[0].GetProperty("func").GetString(), Is.EqualTo("Sync"));
    }

    [Test]
    public void Every_inner_exception_of_an_aggregate_is_described()
    {
        Exception error = ThrowingCode.Capture(ThrowingCode.Aggregate);

        JsonElement[] exceptions = DescribeException(error).GetProperty("exceptions").EnumerateArray().ToArray();

        Assert.That(exceptions[0].GetProperty("type").GetString(), Is.EqualTo("System.AggregateException"));
        Assert.That(exceptions.Skip(1).Select(e => e.GetProperty("type").GetString()),
            Is.EquivalentTo(new[] { "System.TimeoutException", "System.Collections.Generic.KeyNotFoundException" }));
    }

    [Test]
    public void Max_exceptions_keeps_the_newest_of_a_long_chain()
    {
        Exception error = new InvalidOperationException("4", new InvalidOperationException("3", new InvalidOperationException("2", new InvalidOperationException("1"))));

        JsonElement exceptions = DescribeException(error, options: new DescribeOptions { MaxExceptions = 2 }).GetProperty("exceptions");

        Assert.That(exceptions.EnumerateArray().Select(e => e.GetProperty("message").GetString()), Is.EqualTo(new[] { "4", "3" }));
    }

    [Test]
    public void A_rethrown_exception_keeps_the_original_throwing_line()
    {
        Exception error = ThrowingCode.Capture(ThrowingCode.Rethrown);

        JsonElement[] frames = Describe.Frames(DescribeException(error).GetProperty("exceptions")[0]);

        Assert.That(frames[0].GetProperty("func").GetString(), Is.EqualTo("Sync"));
        Assert.That(frames.Select(f => f.GetProperty("func").GetString()), Does.Contain("Rethrown"));
    }

    [Test]
    public void Unhandled_is_set_only_when_the_caller_says_so()
    {
        Exception error = ThrowingCode.Capture(ThrowingCode.Sync);

        Assert.That(DescribeException(error, unhandled: true).GetProperty("exceptions")[0].GetProperty("unhandled").GetBoolean(), Is.True);
        Assert.That(DescribeException(error).GetProperty("exceptions")[0].TryGetProperty("unhandled", out _), Is.False);
    }

    [Test]
    public void Data_entries_become_scrubbed_exception_info()
    {
        Exception error = ThrowingCode.Capture(ThrowingCode.WithData);

        JsonElement info = DescribeException(error).GetProperty("exceptions")[0].GetProperty("exception_info");

        Assert.That(info.GetProperty("order_id").GetString(), Is.EqualTo("42"));
        Assert.That(info.GetProperty("customer_email").GetString(), Is.EqualTo("[email]"));
    }

    [Test]
    public void Frames_of_configured_prefixes_are_not_app_code()
    {
        Exception error = ThrowingCode.Capture(ThrowingCode.Sync);
        var options = new DescribeOptions();
        options.NotInAppPrefixes.Add("EventAi.Tests");

        JsonElement crash = Describe.Frames(DescribeException(error, options: options).GetProperty("exceptions")[0])[0];

        Assert.That(crash.TryGetProperty("in_app", out _), Is.False);
    }

    [Test]
    public void An_exception_that_was_never_thrown_has_no_stack_trace()
    {
        JsonElement exception = DescribeException(new InvalidOperationException("not thrown")).GetProperty("exceptions")[0];

        Assert.That(exception.TryGetProperty("stacktrace", out _), Is.False);
        Assert.That(exception.GetProperty("message").GetString(), Is.EqualTo("not thrown"));
    }

    [Test]
    public void A_missing_source_file_gives_frames_without_code_and_no_error()
    {
        const string Text = """
            System.InvalidOperationException: boom
               at Shop.Orders.Checkout() in /no/such/dir/Checkout.cs:line 12
            """;

        JsonElement crash = Describe.Frames(new EventDescriber().DescribeExceptionText(Text).ToJsonElement().GetProperty("exceptions")[0])[0];

        Assert.That(crash.GetProperty("file").GetString(), Is.EqualTo("/no/such/dir/Checkout.cs"));
        Assert.That(crash.GetProperty("code").GetString(), Is.EqualTo(""));
    }

    [Test]
    public void Sync_exception_matches_its_snapshot()
    {
        Snapshot.Match(Normalized(new EventDescriber().Describe(ThrowingCode.Capture(ThrowingCode.Sync))), "exception.sync");
    }

    [Test]
    public void Nested_exception_matches_its_snapshot()
    {
        Snapshot.Match(Normalized(new EventDescriber().Describe(ThrowingCode.Capture(ThrowingCode.Nested))), "exception.nested");
    }

    [Test]
    public async Task Async_exception_matches_its_snapshot()
    {
        Exception error = await ThrowingCode.CaptureAsync(ThrowingCode.LoadProfileAsync);

        Snapshot.Match(Normalized(new EventDescriber().Describe(error)), "exception.async");
    }
}
