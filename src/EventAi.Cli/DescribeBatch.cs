using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace EventAi.Cli;

/// <summary>
/// <c>eventai describe FILE... | DIR</c>: one start-up for many events. Writes one JSON line per event file,
/// in the order given (a directory's <c>*.json</c> files in ordinal order of their names):
/// <c>{"file": NAME, "description": {...}}</c>, with <c>"tokens"</c> after it for <c>--tokens</c> and
/// <c>"redactions": {RULE: COUNT, ...}</c> for <c>--show-redactions</c>, or
/// <c>{"file": NAME, "error": WHY}</c> for a file that could not be read or described. A failure stops nothing;
/// the exit code is 1 when any line is an error.
/// </summary>
internal sealed class DescribeBatch
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };
    private static readonly EnumerationOptions JsonFilesOnly = new()
    {
        MatchCasing = MatchCasing.CaseInsensitive,
        RecurseSubdirectories = false,
        IgnoreInaccessible = false,
    };

    private readonly EventDescriber _describer;
    private readonly LineOptions _options;
    private readonly CliConsole _console;
    private readonly ArrayBufferWriter<byte> _line = new(16 * 1024);
    private readonly Utf8JsonWriter _writer;
    private int _files;
    private int _failed;

    private DescribeBatch(EventDescriber describer, LineOptions options, CliConsole console)
    {
        _describer = describer;
        _options = options;
        _console = console;
        _writer = new Utf8JsonWriter(_line, WriterOptions);
    }

    /// <summary>What each line carries besides the description.</summary>
    /// <param name="Tokens">Its token count (<c>--tokens</c>), for the tokenizer of <paramref name="Model"/>.</param>
    /// <param name="Redactions">What scrubbing replaced, per rule (<c>--show-redactions</c>).</param>
    /// <param name="Model">The model the descriptions are for.</param>
    internal sealed record LineOptions(bool Tokens, bool Redactions, string? Model);

    /// <summary>Whether the paths ask for JSON lines: more than one, or a directory.</summary>
    public static bool IsBatch(IReadOnlyList<string> paths) =>
        paths.Count > 1 || (paths.Count == 1 && paths[0] != EventInput.StandardInput && Directory.Exists(paths[0]));

    /// <summary>Describes every event file of <paramref name="paths"/> to standard output; returns the exit code.</summary>
    public static async Task<int> RunAsync(
        EventDescriber describer, IReadOnlyList<string> paths, LineOptions options, CliConsole console, CancellationToken cancellationToken)
    {
        var batch = new DescribeBatch(describer, options, console);
        // Not disposed: that would close standard output under the caller.
        var output = new BufferedStream(console.Output, 64 * 1024);
        foreach (string path in paths)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (path != EventInput.StandardInput && Directory.Exists(path))
            {
                await batch.DescribeDirectoryAsync(path, output, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await batch.DescribeFileAsync(path, output, cancellationToken).ConfigureAwait(false);
            }
        }

        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (batch._failed == 0)
        {
            return ExitCodes.Success;
        }

        await console.Error.WriteLineAsync(FormattableString.Invariant($"eventai: {batch._failed} of {batch._files} files failed (see their \"error\" lines).")).ConfigureAwait(false);
        return ExitCodes.BadInput;
    }

    private async Task DescribeDirectoryAsync(string directory, Stream output, CancellationToken cancellationToken)
    {
        string[] files;
        try
        {
            files = Directory.GetFiles(directory, "*.json", JsonFilesOnly);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await WriteErrorAsync(directory, EventInput.ReasonFor(e), output).ConfigureAwait(false);
            return;
        }

        if (files.Length == 0)
        {
            await WriteErrorAsync(directory, "is a directory without .json files", output).ConfigureAwait(false);
            return;
        }

        Array.Sort(files, StringComparer.Ordinal);
        foreach (string file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await DescribeFileAsync(file, output, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task DescribeFileAsync(string path, Stream output, CancellationToken cancellationToken)
    {
        (byte[]? input, string? problem) = await EventInput.TryReadAsync(path, _console, cancellationToken).ConfigureAwait(false);
        if (input is null)
        {
            await WriteErrorAsync(path, problem!, output).ConfigureAwait(false);
            return;
        }

        (EventDescription? description, problem) = EventInputDescriber.TryDescribe(_describer, input);
        if (description is null)
        {
            await WriteErrorAsync(path, problem!, output).ConfigureAwait(false);
            return;
        }

        _files++;
        _writer.WriteStartObject();
        _writer.WriteString("file"u8, path);
        _writer.WritePropertyName("description"u8);
        _writer.WriteRawValue(description.Utf8Json.Span, skipInputValidation: true);
        if (_options.Tokens)
        {
            _writer.WriteNumber("tokens"u8, TokenCounter.CountTokens(description.ToJson(), _options.Model));
        }

        if (_options.Redactions)
        {
            _writer.WriteStartObject("redactions"u8);
            foreach ((string rule, int count) in description.Redactions)
            {
                _writer.WriteNumber(rule, count);
            }

            _writer.WriteEndObject();
        }

        _writer.WriteEndObject();
        WriteLine(output);
    }

    private async Task WriteErrorAsync(string path, string problem, Stream output)
    {
        await _console.Error.WriteLineAsync($"eventai: {EventInput.DisplayName(path)}: {problem}").ConfigureAwait(false);
        _files++;
        _failed++;
        _writer.WriteStartObject();
        _writer.WriteString("file"u8, path);
        _writer.WriteString("error"u8, problem);
        _writer.WriteEndObject();
        WriteLine(output);
    }

    private void WriteLine(Stream output)
    {
        _writer.Flush();
        output.Write(_line.WrittenSpan);
        output.WriteByte((byte)'\n');
        _line.ResetWrittenCount();
        _writer.Reset();
    }
}
