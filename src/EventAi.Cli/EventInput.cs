namespace EventAi.Cli;

/// <summary>Reads the event named on the command line: a file, or standard input for <c>-</c>.</summary>
internal static class EventInput
{
    public const string StandardInput = "-";

    /// <summary>The name to show in messages.</summary>
    public static string DisplayName(string path) => path == StandardInput ? "<stdin>" : path;

    /// <summary>Reads the whole input; on failure writes one line to standard error and returns null.</summary>
    public static async Task<byte[]?> ReadAsync(string path, CliConsole console, CancellationToken cancellationToken)
    {
        try
        {
            if (path == StandardInput)
            {
                using var buffer = new MemoryStream();
                await console.Input.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
                return buffer.ToArray();
            }

            return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string reason = e switch
            {
                FileNotFoundException or DirectoryNotFoundException => "file not found",
                UnauthorizedAccessException => "permission denied",
                _ => e.Message,
            };
            await console.Error.WriteLineAsync($"eventai: {DisplayName(path)}: {reason}").ConfigureAwait(false);
            return null;
        }
    }
}
