using System.Text.Json;

namespace EventAi.Tests.Describing;

/// <summary>SPEC §3, rule by rule. Frames are written as "a" (app) or "s" (system) plus a number.</summary>
public sealed class FrameTrimmerTests
{
    private static string[] Frames(string layout) =>
        layout.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static string[] Trim(string layout, int allowance) =>
        FrameTrimmer.Trim(Frames(layout), allowance, frame => frame.StartsWith('a')).ToArray();

    [TestCase(0)]
    [TestCase(-1)]
    [TestCase(int.MinValue)]
    public void An_allowance_below_one_keeps_no_frames(int allowance)
    {
        Assert.That(Trim("a0 s1", allowance), Is.Empty);
    }

    [Test]
    public void Frames_within_the_allowance_are_returned_unchanged()
    {
        Assert.That(Trim("s0 a1 s2", 3), Is.EqualTo(Frames("s0 a1 s2")));
    }

    [Test]
    public void With_enough_app_frames_every_system_frame_is_dropped()
    {
        Assert.That(Trim("a0 s1 a2 a3 s4 a5", 4), Is.EqualTo(Frames("a0 a2 a3 a5")));
    }

    [Test]
    public void App_frames_beyond_the_allowance_keep_both_ends()
    {
        Assert.That(Trim("a0 a1 a2 a3 a4 a5 a6 a7", 4), Is.EqualTo(Frames("a0 a1 a6 a7")));
    }

    [Test]
    public void A_system_crash_frame_survives_when_app_frames_fill_the_allowance()
    {
        Assert.That(Trim("s0 a1 a2 a3 a4 a5 a6", 5), Is.EqualTo(Frames("s0 a1 a2 a5 a6")));
    }

    [Test]
    public void A_system_crash_frame_survives_an_allowance_of_one()
    {
        Assert.That(Trim("s0 a1 a2", 1), Is.EqualTo(Frames("s0")));
    }

    [Test]
    public void Otherwise_every_app_frame_is_kept_and_system_frames_fill_the_rest()
    {
        Assert.That(Trim("s0 s1 a2 s3 s4 a5 s6 s7 s8", 6), Is.EqualTo(Frames("s0 s1 a2 a5 s7 s8")));
    }

    [Test]
    public void One_free_place_keeps_every_app_frame_and_one_system_frame()
    {
        // The original kept system frames here and dropped app frames, exceeding the allowance.
        string[] kept = Trim("s0 a1 s2 a3 s4 a5 s6", 4);

        Assert.That(kept, Is.EqualTo(Frames("s0 a1 a3 a5")));
    }

    [Test]
    public void An_odd_budget_keeps_one_less()
    {
        Assert.That(Trim("s0 s1 s2 s3 s4 s5 s6 s7", 5), Is.EqualTo(Frames("s0 s1 s6 s7")));
    }

    [Test]
    public void A_budget_of_one_keeps_the_first()
    {
        Assert.That(Trim("a0 a1 a2 s3", 1), Is.EqualTo(Frames("a0")));
    }

    [Test]
    public void The_result_never_exceeds_the_allowance()
    {
        for (int allowance = 1; allowance <= 12; allowance++)
        {
            Assert.That(Trim("s0 a1 s2 a3 s4 a5 s6 a7 s8 a9 s10 a11 s12", allowance), Has.Length.LessThanOrEqualTo(allowance));
        }
    }

    [Test]
    public void The_input_list_is_not_mutated()
    {
        string[] frames = Frames("s0 a1 s2 a3 s4 a5 s6");
        string[] copy = [.. frames];

        FrameTrimmer.Trim(frames, 3, frame => frame.StartsWith('a'));

        Assert.That(frames, Is.EqualTo(copy));
    }

    [Test]
    public void Json_frames_are_app_frames_when_in_app_is_truthy()
    {
        using JsonDocument document = JsonDocument.Parse("""[{"in_app":1,"n":0},{"in_app":false,"n":1},{"n":2},{"in_app":"yes","n":3}]""");
        JsonElement[] frames = document.RootElement.EnumerateArray().ToArray();

        IReadOnlyList<JsonElement> kept = FrameTrimmer.Trim(frames, 2);

        Assert.That(kept.Select(f => f.GetProperty("n").GetInt32()), Is.EqualTo(new[] { 0, 3 }));
    }
}
