using System.Text.Json;
using EventAi.Json;

namespace EventAi;

/// <summary>
/// Keeps the frames of a stack trace that matter most within an allowance: app frames before
/// third-party ones, the crash frame always, and the two ends of a long run rather than its middle.
/// </summary>
/// <remarks>
/// Frames are expected most recent call first, so the first frame is where the error was raised.
/// Survivors keep their relative order. Trimming never throws for a valid allowance and never
/// mutates its input.
/// </remarks>
public static class FrameTrimmer
{
    /// <summary>
    /// Trims <paramref name="frames"/> to at most <paramref name="allowance"/> frames.
    /// </summary>
    /// <typeparam name="T">The frame type.</typeparam>
    /// <param name="frames">Frames, most recent call first.</param>
    /// <param name="allowance">The most frames to keep; below 1 keeps none.</param>
    /// <param name="isAppFrame">Tells app frames (the user's own code) from system frames.</param>
    /// <returns>A new list with the surviving frames in their original order.</returns>
    public static IReadOnlyList<T> Trim<T>(IReadOnlyList<T> frames, int allowance, Func<T, bool> isAppFrame)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(isAppFrame);

        bool[] isApp = new bool[frames.Count];
        for (int i = 0; i < isApp.Length; i++)
        {
            isApp[i] = isAppFrame(frames[i]);
        }

        int[] kept = new int[frames.Count];
        int count = SelectIndices(isApp, allowance, kept);
        var result = new T[count];
        for (int i = 0; i < count; i++)
        {
            result[i] = frames[kept[i]];
        }

        return result;
    }

    /// <summary>
    /// Trims Sentry frame objects, where a frame is an app frame when its <c>in_app</c> is truthy.
    /// </summary>
    /// <param name="frames">Frame objects, most recent call first.</param>
    /// <param name="allowance">The most frames to keep; below 1 keeps none.</param>
    /// <returns>A new list with the surviving frames in their original order.</returns>
    public static IReadOnlyList<JsonElement> Trim(IReadOnlyList<JsonElement> frames, int allowance) =>
        Trim(frames, allowance, static frame => JsonValues.IsTruthy(JsonValues.Property(frame, "in_app"u8)));

    /// <summary>
    /// Writes the indices of the surviving frames, ascending, to <paramref name="kept"/> and returns
    /// how many there are. <paramref name="kept"/> must be as long as <paramref name="isApp"/>.
    /// </summary>
    internal static int SelectIndices(ReadOnlySpan<bool> isApp, int allowance, Span<int> kept)
    {
        int total = isApp.Length;
        if (allowance < 1)
        {
            return 0;
        }

        if (total <= allowance)
        {
            for (int i = 0; i < total; i++)
            {
                kept[i] = i;
            }

            return total;
        }

        int appCount = 0;
        foreach (bool app in isApp)
        {
            if (app)
            {
                appCount++;
            }
        }

        int systemCount = total - appCount;
        int appBudget;
        int systemBudget;
        bool keepSystemCrashFrame = false;
        if (appCount >= allowance)
        {
            systemBudget = 0;
            keepSystemCrashFrame = !isApp[0];
            appBudget = keepSystemCrashFrame ? allowance - 1 : allowance;
        }
        else
        {
            appBudget = appCount;
            systemBudget = allowance - appCount;
        }

        int appRank = 0;
        int systemRank = 0;
        int count = 0;
        for (int i = 0; i < total; i++)
        {
            bool keep = isApp[i]
                ? Keeps(appRank++, appCount, appBudget)
                : (i == 0 && keepSystemCrashFrame) || Keeps(systemRank++, systemCount, systemBudget);
            if (keep)
            {
                kept[count++] = i;
            }
        }

        return count;
    }

    // Keep(list, k) of SPEC §3, decided per item from its rank in the list.
    private static bool Keeps(int rank, int listCount, int budget)
    {
        if (listCount <= budget)
        {
            return true;
        }

        if (budget <= 1)
        {
            return rank < budget;
        }

        int half = budget / 2;
        return rank < half || rank >= listCount - half;
    }
}
