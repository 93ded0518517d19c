using System.Buffers;
using System.Text;
using System.Text.Json;
using EventAi.Json;

namespace EventAi;

/// <summary>
/// Copies values of the event into the description. Every string, property name and number it copies,
/// at any depth, goes out through <see cref="WriteEventText"/>, the one place that hands event text to
/// the <see cref="Scrubber"/>; booleans, nulls and the description's own keys are written directly.
/// </summary>
internal ref struct EventTextWriter
{
    private static readonly byte[] PrivateKeyLine = "[privatekey]"u8.ToArray();

    private ReadOnlySpan<byte> _json;
    private Span<int> _index;
    private Utf8JsonWriter _writer;
    private Scrubber? _scrubber;
    private Scrubber? _fileNameScrubber;
    private bool _inPrivateKey;
    private byte[] _scratch;

    /// <summary>
    /// Starts the writer in place (a writer held as a field is started this way: assigning a new one would
    /// copy its references with a write barrier).
    /// </summary>
    public void Begin(ReadOnlySpan<byte> json, Span<int> index, Utf8JsonWriter writer, Scrubber? scrubber)
    {
        _json = json;
        _index = index;
        _writer = writer;
        _scrubber = scrubber;
        _fileNameScrubber = scrubber?.ForFileNames();
        _inPrivateKey = false;
        _scratch = [];
    }

    private enum TextToken : byte
    {
        PropertyName,
        String,
        Number,
    }

    /// <summary>
    /// The scrubber for text copied into <paramref name="field"/>. Function and module names are code
    /// identifiers, written as the event has them; file names lose only a user name
    /// (<see cref="Scrubber.ForFileNames"/>); everything else goes through every rule.
    /// </summary>
    private readonly Scrubber? ScrubberFor(CopiedField field) => field switch
    {
        CopiedField.Function or CopiedField.Module => null,
        CopiedField.File => _fileNameScrubber,
        _ => _scrubber,
    };

    /// <summary>Starts the source lines of a frame: a key block opened in another frame does not continue here.</summary>
    public void StartSourceLines() => _inPrivateKey = false;

    /// <summary>
    /// Reads code lines that are not written (the lines before a trimmed frame's code line) only to know
    /// whether the next line is inside a private key block.
    /// </summary>
    public void SkipSourceLines(ValueRange lines)
    {
        if (_scrubber is not { RedactsPrivateKeys: true })
        {
            return;
        }

        if (lines.Kind == JsonValueKind.String)
        {
            TrackPrivateKey(Decode(lines));
            return;
        }

        if (lines.Kind != JsonValueKind.Array)
        {
            return;
        }

        var scanner = new JsonScanner(_json, _index, lines.Start, lines.End, checkUtf8: false);
        while (scanner.Read())
        {
            if (scanner.Kind == JsonTokenKind.String)
            {
                TrackPrivateKey(JsonString.Decode(scanner.RawText, ref _scratch));
            }
        }
    }

    /// <summary>Writes a property of the description whose value is copied from the event.</summary>
    public void WriteProperty(ReadOnlySpan<byte> name, ValueRange value, CopiedField field)
    {
        _writer.WritePropertyName(name);
        WriteValue(value, field);
    }

    /// <summary>Copies a value of the event, whatever its type, unchanged in meaning (numbers keep their text).</summary>
    public void WriteValue(ValueRange value, CopiedField field)
    {
        switch (value.Kind)
        {
            case JsonValueKind.String:
                WriteEventText(Decode(value), TextToken.String, field);
                break;
            case JsonValueKind.Number:
                WriteEventText(_json[value.Start..value.End], TextToken.Number, field);
                break;
            case JsonValueKind.True or JsonValueKind.False:
                _writer.WriteBooleanValue(value.Kind == JsonValueKind.True);
                break;
            case JsonValueKind.Object or JsonValueKind.Array:
                WriteContainer(value, field);
                break;
            default:
                _writer.WriteNullValue();
                break;
        }
    }

    /// <summary>Writes decoded event text (a trimmed code line) as a string value.</summary>
    public void WriteString(ReadOnlySpan<byte> utf8, CopiedField field) => WriteEventText(utf8, TextToken.String, field);

    /// <summary>
    /// The decoded text of a string value: its own bytes when it has no escape, otherwise decoded into a
    /// scratch buffer that the next call may reuse. A lone surrogate escape decodes to U+FFFD.
    /// </summary>
    public ReadOnlySpan<byte> Decode(ValueRange stringValue) => JsonString.Decode(_json[(stringValue.Start + 1)..(stringValue.End - 1)], ref _scratch);

    public void Dispose()
    {
        if (_scratch.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_scratch);
            _scratch = [];
        }
    }

    private void WriteContainer(ValueRange value, CopiedField field)
    {
        var scanner = new JsonScanner(_json, _index, value.Start, value.End, checkUtf8: false);
        while (scanner.Read())
        {
            switch (scanner.Kind)
            {
                case JsonTokenKind.StartObject:
                    _writer.WriteStartObject();
                    break;
                case JsonTokenKind.EndObject:
                    _writer.WriteEndObject();
                    break;
                case JsonTokenKind.StartArray:
                    _writer.WriteStartArray();
                    break;
                case JsonTokenKind.EndArray:
                    _writer.WriteEndArray();
                    break;
                case JsonTokenKind.PropertyName:
                    WriteEventText(JsonString.Decode(scanner.RawText, ref _scratch), TextToken.PropertyName, field);
                    break;
                case JsonTokenKind.String:
                    WriteEventText(JsonString.Decode(scanner.RawText, ref _scratch), TextToken.String, field);
                    break;
                case JsonTokenKind.Number:
                    WriteEventText(scanner.TokenBytes, TextToken.Number, field);
                    break;
                case JsonTokenKind.True or JsonTokenKind.False:
                    _writer.WriteBooleanValue(scanner.Kind == JsonTokenKind.True);
                    break;
                default:
                    _writer.WriteNullValue();
                    break;
            }
        }
    }

    /// <summary>
    /// The one write path for text copied from the event: a string, a property name or a number's text,
    /// scrubbed by <see cref="ScrubberFor"/> the field. A number a rule changes is written as
    /// a string. Scrubbed text is written from UTF-8 (a rule that split a surrogate pair leaves U+FFFD),
    /// so the description is always valid UTF-8 JSON.
    /// </summary>
    private void WriteEventText(ReadOnlySpan<byte> utf8, TextToken token, CopiedField field)
    {
        if (field == CopiedField.Code && token == TextToken.String && _scrubber is { RedactsPrivateKeys: true } && TrackPrivateKey(utf8))
        {
            _scrubber.Count(nameof(ScrubRules.PrivateKey));
            _writer.WriteStringValue(PrivateKeyLine);
            return;
        }

        string? scrubbed = ScrubberFor(field)?.Scrub(utf8);
        if (scrubbed is not null)
        {
            byte[] text = Encoding.UTF8.GetBytes(scrubbed);
            if (token == TextToken.PropertyName)
            {
                _writer.WritePropertyName(text);
            }
            else
            {
                _writer.WriteStringValue(text);
            }

            return;
        }

        switch (token)
        {
            case TextToken.PropertyName:
                _writer.WritePropertyName(utf8);
                break;
            case TextToken.String:
                _writer.WriteStringValue(utf8);
                break;
            default:
                _writer.WriteRawValue(utf8, skipInputValidation: true);
                break;
        }
    }

    /// <summary>
    /// Follows private key blocks split over code lines: true when <paramref name="utf8"/> is key material,
    /// a line after one that opened a block, up to and including the line that ends it.
    /// </summary>
    private bool TrackPrivateKey(ReadOnlySpan<byte> utf8)
    {
        if (_inPrivateKey)
        {
            if (utf8.IndexOf("-----END "u8) >= 0)
            {
                string line = Encoding.UTF8.GetString(utf8);
                int end = PrivateKeyRule.EndOfBlock(line);
                _inPrivateKey = end < 0 || PrivateKeyRule.LeavesBlockOpen(line.AsSpan(end));
            }

            return true;
        }

        if (utf8.IndexOf("-----BEGIN "u8) >= 0)
        {
            _inPrivateKey = PrivateKeyRule.LeavesBlockOpen(Encoding.UTF8.GetString(utf8));
        }

        return false;
    }
}
