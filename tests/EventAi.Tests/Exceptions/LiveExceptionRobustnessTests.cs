using System.Collections;
using System.Reflection;
using System.Text.Json;
using EventAi.Tests.Describing;

namespace EventAi.Tests.Exceptions;

/// <summary>
/// Issue 10, item 7: describing a live exception never throws, whatever the exception's own code does
/// (a <c>Message</c> or <c>Data</c> that throws, values whose <c>ToString</c> throws, endless or broken
/// dictionaries, invalid text, cycles, huge chains).
/// </summary>
public sealed class LiveExceptionRobustnessTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(20);

    [Test]
    public void A_message_that_throws_is_described_as_such()
    {
        JsonElement exception = DescribeFirst(new MessageThrowsException());

        Assert.That(exception.GetProperty("type").GetString(), Does.EndWith("MessageThrowsException"));
        Assert.That(exception.GetProperty("message").GetString(), Is.EqualTo("(its Message threw System.FormatException)"));
    }

    [Test]
    public void A_data_value_whose_to_string_throws_is_described_as_such()
    {
        var error = new InvalidOperationException("boom");
        error.Data["order"] = 42;
        error.Data["cart"] = new ToStringThrows();

        JsonElement info = DescribeFirst(error).GetProperty("exception_info");

        Assert.That(info.GetProperty("order").GetString(), Is.EqualTo("42"));
        Assert.That(info.GetProperty("cart").GetString(), Is.EqualTo("(its ToString threw System.FormatException)"));
    }

    [Test]
    public void A_data_key_whose_to_string_throws_is_described_as_such()
    {
        var error = new InvalidOperationException("boom");
        error.Data[new ToStringThrows()] = "value";

        JsonElement info = DescribeFirst(error).GetProperty("exception_info");

        Assert.That(info.GetProperty("(its ToString threw System.FormatException)").GetString(), Is.EqualTo("value"));
    }

    [Test]
    public void A_data_property_that_throws_gives_no_exception_info()
    {
        JsonElement exception = DescribeFirst(new DataThrowsException());

        Assert.That(exception.TryGetProperty("exception_info", out _), Is.False);
        Assert.That(exception.GetProperty("message").GetString(), Is.EqualTo("data throws"));
    }

    [Test]
    public void A_data_enumeration_that_fails_half_way_keeps_what_was_read()
    {
        JsonElement info = DescribeFirst(new DataException(new FailingTable())).GetProperty("exception_info");

        Assert.That(Describe.Keys(info), Is.EqualTo(new[] { "first" }));
    }

    [Test]
    public void An_endless_data_enumeration_is_cut_short()
    {
        JsonElement info = DescribeFirst(new DataException(new EndlessTable())).GetProperty("exception_info");

        Assert.That(Describe.Keys(info), Has.Length.EqualTo(64));
    }

    [Test]
    public void A_stack_trace_property_that_throws_changes_nothing()
    {
        Exception error = ThrowingCode.Capture(() => throw new StackTraceThrowsException());

        JsonElement exception = DescribeFirst(error);

        Assert.That(Describe.Frames(exception)[0].GetProperty("func").GetString(), Is.Not.Empty);
    }

    [TestCase("bad \ud800 text")]
    [TestCase("\udc00")]
    [TestCase("end \ud83d")]
    public void Lone_surrogates_in_a_message_and_data_become_replacement_characters(string text)
    {
        var error = new InvalidOperationException(text);
        error.Data[text] = text;

        JsonElement exception = DescribeFirst(error);

        Assert.That(exception.GetProperty("message").GetString(), Does.Contain("\uFFFD"));
        Assert.That(exception.GetProperty("exception_info").EnumerateObject().Single().Value.GetString(), Does.Contain("\uFFFD"));
    }

    [Test]
    public void A_cyclic_chain_is_read_once()
    {
        var first = new InvalidOperationException("first");
        var second = new InvalidOperationException("second", first);
        typeof(Exception).GetField("_innerException", BindingFlags.NonPublic | BindingFlags.Instance)!.SetValue(first, second);

        JsonElement description = DescribeGuarded(second, new DescribeOptions { MaxExceptions = 100 });

        Assert.That(description.GetProperty("exceptions").EnumerateArray().Select(e => e.GetProperty("message").GetString()),
            Is.EqualTo(new[] { "second", "first" }));
    }

    [Test]
    public void A_huge_aggregate_is_read_up_to_64_exceptions()
    {
        var error = new AggregateException(Enumerable.Range(0, 100_000).Select(i => new InvalidOperationException($"inner {i}")));

        JsonElement description = DescribeGuarded(error, new DescribeOptions { MaxExceptions = int.MaxValue });

        Assert.That(description.GetProperty("exceptions").GetArrayLength(), Is.EqualTo(64));
    }

    [Test]
    public void A_deep_chain_is_read_up_to_max_exceptions()
    {
        Exception error = new InvalidOperationException("0");
        for (int i = 1; i < 100_000; i++)
        {
            error = new InvalidOperationException(i.ToString(System.Globalization.CultureInfo.InvariantCulture), error);
        }

        JsonElement description = DescribeGuarded(error, new DescribeOptions());

        Assert.That(description.GetProperty("exceptions").EnumerateArray().Select(e => e.GetProperty("message").GetString()),
            Is.EqualTo(new[] { "99999", "99998", "99997" }));
    }

    [Test]
    public void Only_a_token_budget_can_make_describing_throw()
    {
        var error = new AggregateException(new MessageThrowsException(), new DataException(new EndlessTable()), new InvalidOperationException(new string('x', 5000)));

        Assert.Throws<TokenBudgetExceededException>(() => new EventDescriber(new DescribeOptions { MaxTokens = 5 }).Describe(error));
        Assert.DoesNotThrow(() => new EventDescriber(new DescribeOptions { MaxTokens = 200 }).Describe(error));
    }

    private static JsonElement DescribeFirst(Exception exception) =>
        DescribeGuarded(exception, new DescribeOptions()).GetProperty("exceptions")[0];

    private static JsonElement DescribeGuarded(Exception exception, DescribeOptions options)
    {
        Task<EventDescription> describing = Task.Run(() => new EventDescriber(options).Describe(exception));
        Assert.That(describing.Wait(HangGuard), Is.True, "describing the exception ends");
        return describing.Result.ToJsonElement();
    }

    private sealed class MessageThrowsException : Exception
    {
        public override string Message => throw new FormatException("no message");
    }

    private sealed class DataThrowsException : Exception
    {
        public DataThrowsException()
            : base("data throws")
        {
        }

        public override IDictionary Data => throw new NotSupportedException("no data");
    }

    private sealed class DataException(IDictionary data) : Exception("custom data")
    {
        public override IDictionary Data => data;
    }

    private sealed class StackTraceThrowsException : Exception
    {
        public override string StackTrace => throw new FormatException("no stack trace");
    }

    private sealed class ToStringThrows
    {
        public override string ToString() => throw new FormatException("no text");
    }

    /// <summary>Enumerates one entry, then fails.</summary>
    private sealed class FailingTable : Hashtable
    {
        public override IDictionaryEnumerator GetEnumerator() => new Entries(int.MaxValue, failAfter: 1);
    }

    /// <summary>Never stops enumerating.</summary>
    private sealed class EndlessTable : Hashtable
    {
        public override IDictionaryEnumerator GetEnumerator() => new Entries(int.MaxValue, failAfter: int.MaxValue);
    }

    private sealed class Entries(int count, int failAfter) : IDictionaryEnumerator
    {
        private int _index = -1;

        public DictionaryEntry Entry => new(_index == 0 ? "first" : $"key{_index}", _index);

        public object Key => Entry.Key;

        public object? Value => Entry.Value;

        public object Current => Entry;

        public bool MoveNext()
        {
            _index++;
            if (_index >= failAfter)
            {
                throw new ArithmeticException("broken enumeration");
            }

            return _index < count;
        }

        public void Reset() => _index = -1;
    }
}
