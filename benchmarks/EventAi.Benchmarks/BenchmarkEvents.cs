namespace EventAi.Benchmarks;

/// <summary>
/// The events benchmarks run over: the shared corpus beside the repository (<c>../shared/corpus/sentry-samples</c>)
/// and the bundled samples (<c>samples/events</c>), by name; <see cref="Corpus"/> names all of them at once.
/// </summary>
internal static class BenchmarkEvents
{
    /// <summary>The name that stands for every event, described one after the other.</summary>
    public const string Corpus = "(corpus)";

    private static readonly Lazy<IReadOnlyDictionary<string, string>> Paths = new(FindPaths);

    /// <summary>Every event's name, in order.</summary>
    public static IEnumerable<string> Names() => Paths.Value.Keys.Order(StringComparer.Ordinal);

    /// <summary>The events a benchmark parameter names: one, or all for <see cref="Corpus"/>.</summary>
    public static byte[][] Load(string name) =>
        name == Corpus ? [.. Names().Select(LoadOne)] : [LoadOne(name)];

    /// <summary>One event's bytes.</summary>
    public static byte[] LoadOne(string name) => File.ReadAllBytes(Paths.Value[name]);

    /// <summary>The size in bytes of what a benchmark parameter names.</summary>
    public static long Size(string name) => Load(name).Sum(json => (long)json.Length);

    private static Dictionary<string, string> FindPaths()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EventAi.sln")))
            {
                var paths = new Dictionary<string, string>(StringComparer.Ordinal);
                string corpus = Path.Combine(dir.FullName, "..", "shared", "corpus", "sentry-samples");
                if (Directory.Exists(corpus))
                {
                    foreach (string path in Directory.EnumerateFiles(corpus, "*.json"))
                    {
                        paths[Path.GetFileName(path)] = path;
                    }
                }

                foreach (string path in Directory.EnumerateFiles(Path.Combine(dir.FullName, "samples", "events"), "*.json"))
                {
                    paths["samples/" + Path.GetFileName(path)] = path;
                }

                return paths;
            }
        }

        throw new InvalidOperationException("Run the benchmarks from inside the repository.");
    }
}
