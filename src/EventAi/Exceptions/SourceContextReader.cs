namespace EventAi;

/// <summary>
/// Reads the source lines around a frame from disk, when the file exists and is readable. Never
/// fails: a file that cannot be read gives no context. Each file is read once per description.
/// </summary>
internal sealed class SourceContextReader
{
    private const int ContextLines = 5;
    private const long MaxFileBytes = 2 * 1024 * 1024;
    private readonly Dictionary<string, string[]?> _files = new(StringComparer.Ordinal);

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
        if (_files.TryGetValue(path, out string[]? cached))
        {
            return cached;
        }

        string[]? lines = null;
        try
        {
            var file = new FileInfo(path);
            if (file.Exists && file.Length <= MaxFileBytes)
            {
                lines = File.ReadAllLines(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or System.Security.SecurityException)
        {
            lines = null;
        }

        _files[path] = lines;
        return lines;
    }
}
