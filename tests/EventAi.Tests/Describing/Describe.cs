using System.Text;
using System.Text.Json;

namespace EventAi.Tests.Describing;

/// <summary>Short-hands for describing JSON text through the public API.</summary>
internal static class Describe
{
    public static EventDescription Event(string json, DescribeOptions? options = null) =>
        new EventDescriber(options).Describe(Encoding.UTF8.GetBytes(json));

    public static JsonElement Json(string json, DescribeOptions? options = null) => Event(json, options).ToJsonElement();

    public static JsonElement Exception(string json, int index = 0, DescribeOptions? options = null) =>
        Json(json, options).GetProperty("exceptions")[index];

    public static JsonElement[] Frames(JsonElement owner) => owner.GetProperty("stacktrace").EnumerateArray().ToArray();

    public static string[] Keys(JsonElement element) => element.EnumerateObject().Select(p => p.Name).ToArray();

    /// <summary>An event whose one exception has the given frames (oldest call first, as SDKs send them).</summary>
    public static string WithFrames(params string[] frames) =>
        $$$"""{"exception":{"values":[{"type":"E","value":"v","stacktrace":{"frames":[{{{string.Join(",", frames)}}}]}}]}}""";

    public static DescribeOptions Options(int maxFrames = 15, int maxExceptions = 3, bool? detailed = null, string? model = null) =>
        new() { MaxFrames = maxFrames, MaxExceptions = maxExceptions, Detailed = detailed, Model = model };
}
