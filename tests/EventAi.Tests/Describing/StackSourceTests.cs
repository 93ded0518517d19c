using System.Text.Json;

namespace EventAi.Tests.Describing;

/// <summary>SPEC §2 fixes: frames from the crashed thread, and the top-level stack trace of a message event.</summary>
public sealed class StackSourceTests
{
    private const string Threads = """
        "threads":{"values":[
          {"id":1,"crashed":false,"stacktrace":{"frames":[{"function":"idle"}]}},
          {"id":7,"crashed":true,"stacktrace":{"frames":[{"function":"main"},{"function":"crashed_thread_top"}]}},
          {"id":"9","stacktrace":{"frames":[{"function":"by_id"}]}}]}
        """;

    [Test]
    public void Exception_one_without_frames_takes_the_frames_of_its_thread()
    {
        JsonElement exception = Describe.Exception($$$"""{"exception":{"values":[{"type":"E","thread_id":"9"}]},{{{Threads}}}}""");

        Assert.That(Describe.Frames(exception)[0].GetProperty("func").GetString(), Is.EqualTo("by_id"));
    }

    [Test]
    public void Thread_ids_compare_as_json_values()
    {
        JsonElement exception = Describe.Exception($$$"""{"exception":{"values":[{"type":"E","thread_id":1.0}]},{{{Threads}}}}""");

        Assert.That(Describe.Frames(exception)[0].GetProperty("func").GetString(), Is.EqualTo("idle"));
    }

    [Test]
    public void Without_a_matching_thread_id_the_only_crashed_thread_is_used()
    {
        JsonElement exception = Describe.Exception($$$"""{"exception":{"values":[{"type":"E","thread_id":404}]},{{{Threads}}}}""");

        JsonElement[] frames = Describe.Frames(exception);
        Assert.That(frames.Select(f => f.GetProperty("func").GetString()), Is.EqualTo(new[] { "crashed_thread_top", "main" }));
        Assert.That(frames[0].GetProperty("crash").GetString(), Is.EqualTo("here"));
    }

    [Test]
    public void Crashed_thread_frames_get_the_crash_frame_full_context()
    {
        JsonElement exception = Describe.Exception("""
            {"exception":{"values":[{"type":"E"}]},"threads":{"values":[{"crashed":true,"stacktrace":{"frames":[
              {"function":"top","pre_context":["a"],"context_line":"  b  "}]}}]}}
            """);

        JsonElement frame = Describe.Frames(exception)[0];
        Assert.That(frame.GetProperty("code").GetString(), Is.EqualTo("  b  "));
        Assert.That(frame.GetProperty("code_before")[0].GetString(), Is.EqualTo("a"));
    }

    [Test]
    public void Two_crashed_threads_give_no_frames()
    {
        JsonElement exception = Describe.Exception("""
            {"exception":{"values":[{"type":"E"}]},"threads":{"values":[
              {"crashed":true,"stacktrace":{"frames":[{"function":"a"}]}},
              {"crashed":true,"stacktrace":{"frames":[{"function":"b"}]}}]}}
            """);

        Assert.That(exception.TryGetProperty("stacktrace", out _), Is.False);
    }

    [Test]
    public void A_thread_is_not_used_when_the_exception_has_frames()
    {
        JsonElement exception = Describe.Exception($$$"""
            {"exception":{"values":[{"type":"E","thread_id":7,"stacktrace":{"frames":[{"function":"own"}]}}]},{{{Threads}}} }
            """);

        Assert.That(Describe.Frames(exception).Single().GetProperty("func").GetString(), Is.EqualTo("own"));
    }

    [Test]
    public void Only_exception_one_falls_back_to_a_thread()
    {
        JsonElement description = Describe.Json($$$"""
            {"exception":{"values":[{"type":"Cause","thread_id":7},{"type":"Crash","stacktrace":{"frames":[{"function":"x"}]}}]},{{{Threads}}} }
            """);

        Assert.That(description.GetProperty("exceptions")[1].TryGetProperty("stacktrace", out _), Is.False);
    }

    [Test]
    public void A_message_event_gets_its_top_level_stack_trace()
    {
        JsonElement description = Describe.Json("""
            {"logentry":{"formatted":"m"},"stacktrace":{"frames":[
              {"function":"outer","context_line":"  outer()  "},
              {"function":"inner","pre_context":["x"],"context_line":"  inner()  "}]}}
            """);

        Assert.That(Describe.Keys(description), Is.EqualTo(new[] { "message", "exceptions", "stacktrace" }));
        JsonElement[] frames = Describe.Frames(description);
        Assert.That(frames[0].GetProperty("crash").GetString(), Is.EqualTo("here"));
        Assert.That(frames[0].GetProperty("code").GetString(), Is.EqualTo("  inner()  "), "full context on the crash frame");
        Assert.That(frames[1].GetProperty("code").GetString(), Is.EqualTo("outer()"));
    }

    [Test]
    public void The_top_level_stack_trace_is_trimmed()
    {
        string frames = string.Join(",", Enumerable.Range(0, 30).Select(i => $$$"""{"function":"f{{{i}}}"}"""));

        JsonElement description = Describe.Json($$$"""{"stacktrace":{"frames":[{{{frames}}}]}}""", Describe.Options(maxFrames: 5));

        Assert.That(description.GetProperty("stacktrace").GetArrayLength(), Is.EqualTo(4), "an odd allowance keeps one less");
    }

    [Test]
    public void The_top_level_stack_trace_is_left_out_when_there_are_exceptions()
    {
        JsonElement description = Describe.Json("""{"exception":{"values":[{"type":"E"}]},"stacktrace":{"frames":[{"function":"f"}]}}""");

        Assert.That(description.TryGetProperty("stacktrace", out _), Is.False);
    }

    [Test]
    public void An_empty_top_level_stack_trace_is_left_out()
    {
        Assert.That(Describe.Json("""{"stacktrace":{"frames":[]}}""").TryGetProperty("stacktrace", out _), Is.False);
    }
}
