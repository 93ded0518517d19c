namespace EventAi.Tests.TestSupport;

/// <summary>Locates the repository and the shared folder beside it, wherever the tests run from.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The folder holding <c>EventAi.sln</c>.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary><c>../shared</c> next to the repository; may not exist.</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    /// <summary>Maps a compile-time source path (possibly mapped to <c>/_/</c> by deterministic builds) to the file on disk.</summary>
    public static string SourceFile(string compiledPath) =>
        compiledPath.StartsWith("/_/", StringComparison.Ordinal) ? Path.Combine(Root, compiledPath[3..]) : compiledPath;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EventAi.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No EventAi.sln above {AppContext.BaseDirectory}.");
    }
}
