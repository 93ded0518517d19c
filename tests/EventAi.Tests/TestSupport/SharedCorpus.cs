namespace EventAi.Tests.TestSupport;

/// <summary>
/// The real event payloads in <c>../shared/corpus</c>. Tests that use them are ignored, not failed,
/// where the shared folder is absent; CI always has it.
/// </summary>
internal static class SharedCorpus
{
    public const string Absent = "(shared corpus absent)";

    public static string SamplesDirectory => Path.Combine(RepoPaths.Shared, "corpus", "sentry-samples");

    public static string InvalidDirectory => Path.Combine(RepoPaths.Shared, "corpus", "invalid");

    /// <summary>File names of the sample events, for <c>TestCaseSource</c>; one placeholder name when absent.</summary>
    public static IEnumerable<string> SampleNames() => Names(SamplesDirectory);

    /// <summary>File names of the malformed payloads, for <c>TestCaseSource</c>; one placeholder name when absent.</summary>
    public static IEnumerable<string> InvalidNames() => Names(InvalidDirectory);

    public static string SamplePath(string name) => PathIn(SamplesDirectory, name);

    public static string InvalidPath(string name) => PathIn(InvalidDirectory, name);

    /// <summary>Every sample event's bytes; ignores the test when the corpus is absent.</summary>
    public static IReadOnlyList<(string Name, byte[] Json)> LoadSamples()
    {
        RequirePresent();
        return SampleNames().Select(name => (name, File.ReadAllBytes(SamplePath(name)))).ToArray();
    }

    public static void RequirePresent()
    {
        if (!Directory.Exists(SamplesDirectory))
        {
            Assert.Ignore($"The shared corpus is absent ({SamplesDirectory}).");
        }
    }

    private static IEnumerable<string> Names(string directory) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal)!
            : [Absent];

    private static string PathIn(string directory, string name)
    {
        if (name == Absent || !Directory.Exists(directory))
        {
            Assert.Ignore($"The shared corpus is absent ({directory}).");
        }

        return Path.Combine(directory, name);
    }
}
