namespace EventAi.Snippets;

/// <summary>
/// The build compiles every ```csharp block of the READMEs (see ReadmeSnippets.targets); these tests check that
/// every block of every README was in fact extracted, so that none escapes the compiler.
/// </summary>
public sealed class ReadmeSnippetTests
{
    private static IEnumerable<string> Readmes() =>
        new[] { "README.md" }.Concat(Directory.GetDirectories(Path.Combine(SnippetIndex.RepositoryRoot, "src"))
            .Select(project => Path.Combine(project, "README.md"))
            .Where(File.Exists)
            .Select(path => Path.GetRelativePath(SnippetIndex.RepositoryRoot, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal));

    [Test]
    public void Every_package_has_a_readme()
    {
        string[] packages = Directory.GetDirectories(Path.Combine(SnippetIndex.RepositoryRoot, "src")).Select(Path.GetFileName).ToArray()!;

        Assert.That(packages.Where(p => !File.Exists(Path.Combine(SnippetIndex.RepositoryRoot, "src", p, "README.md"))), Is.Empty);
    }

    [TestCaseSource(nameof(Readmes))]
    public void Every_csharp_block_of_the_readme_was_compiled(string readme)
    {
        string[] lines = File.ReadAllLines(Path.Combine(SnippetIndex.RepositoryRoot, readme));
        int[] fences = Enumerable.Range(0, lines.Length).Where(i => lines[i].TrimEnd() == "```csharp").Select(i => i + 2).ToArray();

        int[] compiled = SnippetIndex.Blocks.Where(b => b.Readme == readme).Select(b => b.Line).ToArray();

        Assert.That(compiled, Is.EqualTo(fences), $"{readme}: the blocks compiled are those of the README as it is now");
    }

    [Test]
    public void Blocks_in_other_languages_are_not_mistaken_for_csharp()
    {
        string[] otherCSharpFences = Readmes()
            .SelectMany(readme => File.ReadAllLines(Path.Combine(SnippetIndex.RepositoryRoot, readme)).Select(line => (readme, line)))
            .Where(x => x.line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            .Select(x => x.line.Trim())
            .Where(fence => fence is "```cs" or "```c#" or "```C#" or "```CSharp")
            .ToArray();

        Assert.That(otherCSharpFences, Is.Empty, "C# blocks are fenced as ```csharp, the one spelling the build extracts");
    }
}
