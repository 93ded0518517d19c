using System.Text.Json;

namespace EventAi.Tests.Describing;

/// <summary>SPEC §2: how each frame is described, and where its source context comes from.</summary>
public sealed class FrameDescriptionTests
{
    private const string CrashContext = """
        "pre_context":["  a = 1","  b = 0"],"context_line":"    return a / b  ","post_context":["","# end"]
        """;

    [Test]
    public void Frames_are_listed_most_recent_call_first()
    {
        JsonElement[] frames = Describe.Frames(Describe.Exception(Describe.WithFrames("""{"function":"main"}""", """{"function":"run"}""", """{"function":"crash"}""")));

        Assert.That(frames.Select(f => f.GetProperty("func").GetString()), Is.EqualTo(new[] { "crash", "run", "main" }));
    }

    [Test]
    public void Frame_entries_that_are_not_objects_are_skipped()
    {
        JsonElement[] frames = Describe.Frames(Describe.Exception(Describe.WithFrames("null", """{"function":"a"}""", "7", "[]")));

        Assert.That(frames, Has.Length.EqualTo(1));
        Assert.That(frames[0].GetProperty("crash").GetString(), Is.EqualTo("here"));
    }

    [Test]
    public void Frame_fields_are_copied_under_their_short_names()
    {
        JsonElement frame = Describe.Frames(Describe.Exception(Describe.WithFrames("""
            {"function":"div","module":"app.math","filename":"math.py","lineno":12,"abs_path":"/x","vars":{"a":1}}
            """)))[0];

        Assert.That(Describe.Keys(frame), Is.EqualTo(new[] { "func", "module", "file", "line", "crash", "code" }));
        Assert.That(frame.GetProperty("line").GetInt32(), Is.EqualTo(12));
    }

    [Test]
    public void Zero_and_empty_string_are_kept_but_null_is_dropped()
    {
        JsonElement frame = Describe.Frames(Describe.Exception(Describe.WithFrames("""
            {"function":"","module":null,"filename":"","lineno":0}
            """)))[0];

        Assert.That(frame.GetProperty("func").GetString(), Is.EqualTo(""));
        Assert.That(frame.TryGetProperty("module", out _), Is.False);
        Assert.That(frame.GetProperty("file").GetString(), Is.EqualTo(""));
        Assert.That(frame.GetProperty("line").GetInt32(), Is.Zero);
    }

    [TestCase("true", true)]
    [TestCase("1", true)]
    [TestCase("false", false)]
    [TestCase("0", false)]
    [TestCase("null", false)]
    public void In_app_is_true_only_when_truthy(string inApp, bool expected)
    {
        JsonElement frame = Describe.Frames(Describe.Exception(Describe.WithFrames($$$"""{"function":"f","in_app":{{{inApp}}}}""")))[0];

        Assert.That(frame.TryGetProperty("in_app", out JsonElement value) && value.GetBoolean(), Is.EqualTo(expected));
    }

    [Test]
    public void Only_the_most_recent_call_of_each_exception_is_marked_crash()
    {
        JsonElement description = Describe.Json("""
            {"exception":{"values":[
              {"type":"Cause","stacktrace":{"frames":[{"function":"c1"},{"function":"c2"}]}},
              {"type":"Crash","stacktrace":{"frames":[{"function":"x1"},{"function":"x2"}]}}]}}
            """);

        foreach (JsonElement exception in description.GetProperty("exceptions").EnumerateArray())
        {
            JsonElement[] frames = Describe.Frames(exception);
            Assert.That(frames[0].GetProperty("crash").GetString(), Is.EqualTo("here"));
            Assert.That(frames[1].TryGetProperty("crash", out _), Is.False);
        }
    }

    [Test]
    public void The_crash_frame_of_exception_one_gets_full_context()
    {
        JsonElement frame = Describe.Frames(Describe.Exception(Describe.WithFrames($$$"""{"function":"div",{{{CrashContext}}}}""")))[0];

        Assert.That(Describe.Keys(frame), Is.EqualTo(new[] { "func", "crash", "code_before", "code", "code_after" }));
        Assert.That(frame.GetProperty("code").GetString(), Is.EqualTo("    return a / b  "), "context line unchanged");
        Assert.That(frame.GetProperty("code_before").GetArrayLength(), Is.EqualTo(2));
        Assert.That(frame.GetProperty("code_after")[1].GetString(), Is.EqualTo("# end"));
    }

    [Test]
    public void Full_context_leaves_out_falsy_pre_and_post_context()
    {
        JsonElement frame = Describe.Frames(Describe.Exception(Describe.WithFrames("""{"pre_context":[],"context_line":"x","post_context":null}""")))[0];

        Assert.That(Describe.Keys(frame), Is.EqualTo(new[] { "crash", "code" }));
    }

    [TestCase("")]
    [TestCase(""","context_line":null""")]
    [TestCase(""","context_line":42""")]
    public void Full_context_code_is_empty_when_the_line_is_missing_or_not_a_string(string contextLine)
    {
        JsonElement frame = Describe.Frames(Describe.Exception(Describe.WithFrames($$$"""{"function":"f"{{{contextLine}}}}""")))[0];

        Assert.That(frame.GetProperty("code").GetString(), Is.EqualTo(""));
    }

    [Test]
    public void Other_frames_get_the_context_line_trimmed_only()
    {
        JsonElement frame = Describe.Frames(Describe.Exception(Describe.WithFrames($$$"""{"function":"caller",{{{CrashContext}}}}""", """{"function":"div"}""")))[1];

        Assert.That(Describe.Keys(frame), Is.EqualTo(new[] { "func", "code" }));
        Assert.That(frame.GetProperty("code").GetString(), Is.EqualTo("return a / b"));
    }

    [Test]
    public void Trimming_removes_unicode_white_space_too()
    {
        JsonElement frame = Describe.Frames(Describe.Exception(Describe.WithFrames("""{"context_line":"\u00a0\tx = 1\u3000"}""", "{}")))[1];

        Assert.That(frame.GetProperty("code").GetString(), Is.EqualTo("x = 1"));
    }

    [TestCase("")]
    [TestCase(""","context_line":null""")]
    [TestCase(""","context_line":["x"]""")]
    public void Other_frames_get_an_empty_code_when_the_line_is_missing_or_not_a_string(string contextLine)
    {
        JsonElement frame = Describe.Frames(Describe.Exception(Describe.WithFrames($$$"""{"function":"f"{{{contextLine}}}}""", "{}")))[1];

        Assert.That(frame.GetProperty("code").GetString(), Is.EqualTo(""));
    }

    [Test]
    public void A_minified_line_with_snip_gets_no_code()
    {
        JsonElement frame = Describe.Frames(Describe.Exception(Describe.WithFrames("""{"function":"f","context_line":"{snip} a.b(c) {snip}"}""", "{}")))[1];

        Assert.That(frame.TryGetProperty("code", out _), Is.False);
    }

    [Test]
    public void A_snip_line_escaped_in_the_input_is_recognised_too()
    {
        JsonElement frame = Describe.Frames(Describe.Exception(Describe.WithFrames("""{"context_line":"\u007bsnip} x"}""", "{}")))[1];

        Assert.That(frame.TryGetProperty("code", out _), Is.False);
    }

    [Test]
    public void The_crash_frame_of_a_later_exception_gets_no_full_context()
    {
        JsonElement description = Describe.Json($$$"""
            {"exception":{"values":[
              {"type":"Cause","stacktrace":{"frames":[{"function":"c",{{{CrashContext}}} }]}},
              {"type":"Crash","stacktrace":{"frames":[{"function":"x"}]}}]}}
            """);

        JsonElement causeFrame = Describe.Frames(description.GetProperty("exceptions")[1])[0];

        Assert.That(Describe.Keys(causeFrame), Is.EqualTo(new[] { "func", "crash", "code" }));
        Assert.That(causeFrame.GetProperty("code").GetString(), Is.EqualTo("return a / b"));
    }

    [Test]
    public void Detailed_gives_every_frame_full_context()
    {
        string json = Describe.WithFrames($$$"""{"function":"a",{{{CrashContext}}}}""", $$$"""{"function":"b",{{{CrashContext}}}}""");

        JsonElement[] frames = Describe.Frames(Describe.Exception(json, options: Describe.Options(detailed: true)));

        Assert.That(frames.Select(f => f.TryGetProperty("code_before", out _)), Is.All.True);
        Assert.That(frames[1].GetProperty("code").GetString(), Is.EqualTo("    return a / b  "));
    }

    [TestCase("gpt-4o", true)]
    [TestCase("gpt-4.1-mini", true)]
    [TestCase("gpt-5", true)]
    [TestCase("o1-preview", true)]
    [TestCase("o3-mini", true)]
    [TestCase("o4-mini", true)]
    [TestCase("gpt-3.5-turbo", false)]
    [TestCase("my-azure-deployment", false)]
    [TestCase(null, false)]
    public void Detailed_follows_the_model_name_when_not_forced(string? model, bool expected)
    {
        string json = Describe.WithFrames($$$"""{"function":"a",{{{CrashContext}}}}""", "{}");

        JsonElement[] frames = Describe.Frames(Describe.Exception(json, options: Describe.Options(model: model)));

        Assert.That(frames[1].TryGetProperty("code_before", out _), Is.EqualTo(expected));
        Assert.That(DescribeOptions.IsDetailedModel(model), Is.EqualTo(expected));
    }

    [TestCase("gpt-3.5-turbo", true)]
    [TestCase("gpt-4o", false)]
    public void A_forced_detailed_setting_overrides_the_model_rule(string model, bool detailed)
    {
        string json = Describe.WithFrames($$$"""{"function":"a",{{{CrashContext}}}}""", "{}");

        JsonElement[] frames = Describe.Frames(Describe.Exception(json, options: Describe.Options(model: model, detailed: detailed)));

        Assert.That(frames[1].TryGetProperty("code_before", out _), Is.EqualTo(detailed));
    }

    [Test]
    public void Frames_are_trimmed_to_max_frames_keeping_the_crash_frame()
    {
        string[] frames = Enumerable.Range(0, 40).Select(i => $$$"""{"function":"f{{{i}}}"}""").ToArray();

        JsonElement[] described = Describe.Frames(Describe.Exception(Describe.WithFrames(frames), options: Describe.Options(maxFrames: 4)));

        Assert.That(described.Select(f => f.GetProperty("func").GetString()), Is.EqualTo(new[] { "f39", "f38", "f1", "f0" }));
    }

    [Test]
    public void The_trimmer_keeps_the_system_crash_frame_among_many_app_frames()
    {
        string[] frames = [.. Enumerable.Range(0, 10).Select(i => $$$"""{"function":"app{{{i}}}","in_app":true}"""), """{"function":"sys","in_app":false}"""];

        JsonElement[] described = Describe.Frames(Describe.Exception(Describe.WithFrames(frames), options: Describe.Options(maxFrames: 3)));

        Assert.That(described.Select(f => f.GetProperty("func").GetString()), Is.EqualTo(new[] { "sys", "app9", "app0" }));
        Assert.That(described[0].GetProperty("crash").GetString(), Is.EqualTo("here"));
    }
}
