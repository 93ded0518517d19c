namespace EventAi.Cli;

/// <summary>Reads the event named on the command line: a file, or standard input for <c>-</c>.</summary>
internal static class EventInput
{
    public const string StandardInput = "-";

    /// <summary>The name to show in messages.</summary>
    public static string DisplayName(string path) => path == StandardInput ? "<stdin>" : path;

    /// <summary>
    /// Reads the whole input; when it cannot be read, or holds nothing but white space, writes one line
    /// to standard error saying why and returns null.
    /// </summary>
    public static async Task<byte[]?> ReadAsync(string path, CliConsole console, CancellationToken cancellationToken)
    {
        (byte[]? input, string? problem) = await TryReadAsync(path, console, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            await console.Error.WriteLineAsync($"eventai: {DisplayName(path)}: {problem}").ConfigureAwait(false);
        }

        return input;
    }

    /// <summary>The whole input, or null and why it could not be read (missing, a directory, empty...).</summary>
    public static async Task<(byte[]? Input, string? Problem)> TryReadAsync(string path, CliConsole console, CancellationToken cancellationToken)
    {
        byte[] input;
        try
        {
            if (path == StandardInput)
            {
                using var buffer = new MemoryStream();
                await console.Input.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
                input = buffer.ToArray();
            }
            else if (Directory.Exists(path))
            {
                // Opening a directory fails as "access denied" on Linux, which reads as a permissions problem.
                return (null, "is a directory, not an event file");
            }
            else
            {
                input = File.ReadAllBytes(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, ReasonFor(e));
        }

        return IsBlank(input)
            ? (null, path == StandardInput ? "standard input is empty" : "the file is empty")
            : (input, null);
    }

    /// <summary>Why a file or directory could not be read, in the user's words.</summary>
    public static string ReasonFor(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "file not found",
        UnauthorizedAccessException => "permission denied",
        _ => e.Message,
    };

    private static bool IsBlank(ReadOnlySpan<byte> input)
    {
        if (input.StartsWith("\uFEFF"u8))
        {
            input = input[3..];
        }

        return input.IndexOfAnyExcept(" \t\r\n"u8) < 0;
    }
}
