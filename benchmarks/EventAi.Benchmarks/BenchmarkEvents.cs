namespace EventAi.Benchmarks;

/// <summary>The events benchmarks run over: the shared corpus beside the repository, else the bundled samples.</summary>
internal static class BenchmarkEvents
{
    public static IEnumerable<string> Names() => Directory.EnumerateFiles(Folder(), "*.json").Select(Path.GetFileName).Order()!;

    public static byte[] Load(string name) => File.ReadAllBytes(Path.Combine(Folder(), name));

    private static string Folder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EventAi.sln")))
            {
                string corpus = Path.Combine(dir.FullName, "..", "shared", "corpus", "sentry-samples");
                return Directory.Exists(corpus) ? corpus : Path.Combine(dir.FullName, "samples", "events");
            }
        }

        throw new InvalidOperationException("Run the benchmarks from inside the repository.");
    }
}
