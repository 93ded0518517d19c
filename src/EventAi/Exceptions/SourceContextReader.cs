using System.Text;

namespace EventAi;

/// <summary>
/// Reads the source lines around a frame from disk, only from files that <see cref="SourceFiles"/>
/// allows (regular files under a source root, no link below the root), at most 2 MB each and 16 MB and
/// 64 files per description. Never fails: a file that cannot or may not be read gives no context. Each
/// file is read once per description.
/// </summary>
internal sealed class SourceContextReader
{
    internal const int MaxFileBytes = 2 * 1024 * 1024;
    private const int ContextLines = 5;
    private const int MaxFiles = 64;
    private const long MaxTotalBytes = 16 * 1024 * 1024;
    private readonly SourceFiles _files;
    private readonly Dictionary<string, string[]?> _lines = new(StringComparer.Ordinal);
    private long _bytesRead;

    /// <summary>Creates a reader for files under the roots; no roots reads nothing.</summary>
    public SourceContextReader(IReadOnlyList<string> roots) => _files = new SourceFiles(roots);

    public (string[] Before, string Line, string[] After)? Read(string? path, int? lineNumber)
    {
        if (path is null || lineNumber is not { } line || line < 1 || Lines(path) is not { } lines || line > lines.Length)
        {
            return null;
        }

        int index = line - 1;
        int from = Math.Max(0, index - ContextLines);
        int to = Math.Min(lines.Length, index + 1 + ContextLines);
        return (lines[from..index], lines[index], lines[(index + 1)..to]);
    }

    private string[]? Lines(string path)
    {
        if (_lines.TryGetValue(path, out string[]? cached))
        {
            return cached;
        }

        string[]? lines = null;
        if (_lines.Count < MaxFiles && _bytesRead < MaxTotalBytes && _files.Allowed(path) is { } file
            && RegularFile.Read(file, (int)Math.Min(MaxFileBytes, MaxTotalBytes - _bytesRead)) is { } bytes)
        {
            _bytesRead += bytes.Length;
            lines = SplitLines(bytes);
        }

        _lines[path] = lines;
        return lines;
    }

    // As File.ReadAllLines does: the encoding from a byte-order mark, else UTF-8; \r, \n and \r\n end a line.
    private static string[] SplitLines(byte[] bytes)
    {
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return [.. lines];
    }
}
