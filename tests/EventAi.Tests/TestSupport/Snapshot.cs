using System.Runtime.CompilerServices;
using System.Text;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace EventAi.Tests.TestSupport;

/// <summary>
/// Snapshot assertions with Verify's conventions: <c>Name.verified.txt</c> is committed in a
/// <c>Snapshots</c> folder next to the test file; a mismatch writes <c>Name.received.txt</c>
/// (git-ignored) and fails with a line diff. A missing snapshot fails under <c>CI=true</c>; elsewhere
/// it is written and the test warns. <c>EVENTAI_ACCEPT_SNAPSHOTS=1</c> accepts mismatches locally.
/// </summary>
internal static class Snapshot
{
    private const int ContextLines = 3;
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static void Match(string actual, string name, [CallerFilePath] string testFile = "")
    {
        string directory = Path.Combine(Path.GetDirectoryName(RepoPaths.SourceFile(testFile))!, "Snapshots");
        string verifiedPath = Path.Combine(directory, $"{name}.verified.txt");
        string receivedPath = Path.Combine(directory, $"{name}.received.txt");
        string received = Normalize(actual);
        bool inCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        bool accept = Environment.GetEnvironmentVariable("EVENTAI_ACCEPT_SNAPSHOTS") == "1" && !inCi;

        if (!File.Exists(verifiedPath))
        {
            Directory.CreateDirectory(directory);
            if (inCi)
            {
                File.WriteAllText(receivedPath, received, Utf8NoBom);
                Assert.Fail($"Snapshot {name}.verified.txt is missing (CI=true never creates one). Received: {receivedPath}");
            }

            File.WriteAllText(verifiedPath, received, Utf8NoBom);
            Assert.Warn($"Snapshot {name}.verified.txt was missing and has been written; review and commit it.");
            return;
        }

        string verified = Normalize(File.ReadAllText(verifiedPath, Utf8NoBom));
        if (verified == received)
        {
            File.Delete(receivedPath);
            return;
        }

        if (accept)
        {
            File.WriteAllText(verifiedPath, received, Utf8NoBom);
            File.Delete(receivedPath);
            Assert.Warn($"Snapshot {name}.verified.txt was updated (EVENTAI_ACCEPT_SNAPSHOTS=1).");
            return;
        }

        File.WriteAllText(receivedPath, received, Utf8NoBom);
        Assert.Fail($"Snapshot {name} differs from {verifiedPath}.\nReceived: {receivedPath}\n{Diff(verified, received)}");
    }

    /// <summary>A unified-style diff: <c>-</c> verified, <c>+</c> received, with a few lines of context.</summary>
    public static string Diff(string verified, string received)
    {
        DiffPaneModel model = InlineDiffBuilder.Diff(verified, received, ignoreWhiteSpace: false);
        List<DiffPiece> lines = model.Lines;
        var changed = new bool[lines.Count];
        for (int i = 0; i < lines.Count; i++)
        {
            if (lines[i].Type is ChangeType.Inserted or ChangeType.Deleted or ChangeType.Modified)
            {
                for (int j = Math.Max(0, i - ContextLines); j <= Math.Min(lines.Count - 1, i + ContextLines); j++)
                {
                    changed[j] = true;
                }
            }
        }

        var text = new StringBuilder("--- verified\n+++ received\n");
        bool skipping = false;
        for (int i = 0; i < lines.Count; i++)
        {
            if (!changed[i])
            {
                if (!skipping)
                {
                    text.Append("  ...\n");
                    skipping = true;
                }

                continue;
            }

            skipping = false;
            string marker = lines[i].Type switch
            {
                ChangeType.Inserted => "+ ",
                ChangeType.Deleted => "- ",
                _ => "  ",
            };
            text.Append(marker).Append(lines[i].Text).Append('\n');
        }

        return text.ToString();
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);
}
