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
                return await FailAsync(console, path, "is a directory, not an event file").ConfigureAwait(false);
            }
            else
            {
                input = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string reason = e switch
            {
                FileNotFoundException or DirectoryNotFoundException => "file not found",
                UnauthorizedAccessException => "permission denied",
                _ => e.Message,
            };
            return await FailAsync(console, path, reason).ConfigureAwait(false);
        }

        return IsBlank(input)
            ? await FailAsync(console, path, path == StandardInput ? "standard input is empty" : "the file is empty").ConfigureAwait(false)
            : input;
    }

    private static bool IsBlank(ReadOnlySpan<byte> input)
    {
        if (input.StartsWith("\uFEFF"u8))
        {
            input = input[3..];
        }

        return input.IndexOfAnyExcept(" \t\r\n"u8) < 0;
    }

    private static async Task<byte[]?> FailAsync(CliConsole console, string path, string reason)
    {
        await console.Error.WriteLineAsync($"eventai: {DisplayName(path)}: {reason}").ConfigureAwait(false);
        return null;
    }
}
