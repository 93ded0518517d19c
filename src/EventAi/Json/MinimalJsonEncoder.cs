using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace EventAi.Json;

/// <summary>
/// Escapes only what JSON requires (quote, backslash, control characters), so non-ASCII text and
/// characters such as <c>&lt;</c> or <c>'</c> stay as they are: every <c>\uXXXX</c> escape costs a
/// language model several tokens.
/// </summary>
internal sealed class MinimalJsonEncoder : JavaScriptEncoder
{
    public static MinimalJsonEncoder Instance { get; } = new();

    private static readonly SearchValues<byte> MustEscape = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(b => (byte)b), (byte)'"', (byte)'\\']);

    private MinimalJsonEncoder()
    {
    }

    public override int MaxOutputCharactersPerInputCharacter => 6; // \uXXXX

    public override bool WillEncode(int unicodeScalar) =>
        unicodeScalar is < 0x20 or '"' or '\\' || (unicodeScalar is >= 0xD800 and <= 0xDFFF);

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        ReadOnlySpan<char> span = new(text, textLength);
        for (int i = 0; i < span.Length; i++)
        {
            char c = span[i];
            if (c < 0x20 || c == '"' || c == '\\')
            {
                return i;
            }

            if (char.IsSurrogate(c))
            {
                if (char.IsHighSurrogate(c) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]))
                {
                    i++;
                    continue;
                }

                return i;
            }
        }

        return -1;
    }

    public override int FindFirstCharacterToEncodeUtf8(ReadOnlySpan<byte> utf8Text)
    {
        int special = utf8Text.IndexOfAny(MustEscape);
        ReadOnlySpan<byte> before = special < 0 ? utf8Text : utf8Text[..special];
        return System.Text.Unicode.Utf8.IsValid(before) ? special : FirstInvalid(before);
    }

    /// <summary>Copies valid UTF-8 as it is, escaping only what JSON requires; a fast path for the writer.</summary>
    public override OperationStatus EncodeUtf8(
        ReadOnlySpan<byte> utf8Source, Span<byte> utf8Destination, out int bytesConsumed, out int bytesWritten, bool isFinalBlock = true)
    {
        if (!System.Text.Unicode.Utf8.IsValid(utf8Source))
        {
            return base.EncodeUtf8(utf8Source, utf8Destination, out bytesConsumed, out bytesWritten, isFinalBlock);
        }

        bytesConsumed = 0;
        bytesWritten = 0;
        Span<byte> escape = stackalloc byte[6];
        while (true)
        {
            ReadOnlySpan<byte> rest = utf8Source[bytesConsumed..];
            int special = rest.IndexOfAny(MustEscape);
            ReadOnlySpan<byte> plain = special < 0 ? rest : rest[..special];
            if (!plain.TryCopyTo(utf8Destination[bytesWritten..]))
            {
                return OperationStatus.DestinationTooSmall;
            }

            bytesConsumed += plain.Length;
            bytesWritten += plain.Length;
            if (special < 0)
            {
                return OperationStatus.Done;
            }

            int length = Escape(rest[special], escape);
            if (!escape[..length].TryCopyTo(utf8Destination[bytesWritten..]))
            {
                return OperationStatus.DestinationTooSmall;
            }

            bytesConsumed++;
            bytesWritten += length;
        }
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        Span<char> destination = new(buffer, bufferLength);
        ReadOnlySpan<char> escape = unicodeScalar switch
        {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            '\b' => "\\b",
            '\f' => "\\f",
            _ => default,
        };

        if (escape.IsEmpty)
        {
            if (!WillEncode(unicodeScalar))
            {
                return TryWriteScalar(unicodeScalar, destination, out numberOfCharactersWritten);
            }

            if (destination.Length < 6)
            {
                numberOfCharactersWritten = 0;
                return false;
            }

            "\\u".CopyTo(destination);
            ((ushort)unicodeScalar).TryFormat(destination[2..], out _, "X4", CultureInfo.InvariantCulture);
            numberOfCharactersWritten = 6;
            return true;
        }

        if (!escape.TryCopyTo(destination))
        {
            numberOfCharactersWritten = 0;
            return false;
        }

        numberOfCharactersWritten = escape.Length;
        return true;
    }

    private static int FirstInvalid(ReadOnlySpan<byte> utf8)
    {
        int i = 0;
        while (i < utf8.Length)
        {
            if (Rune.DecodeFromUtf8(utf8[i..], out _, out int consumed) != OperationStatus.Done)
            {
                return i;
            }

            i += consumed;
        }

        return -1;
    }

    private static int Escape(byte b, Span<byte> destination)
    {
        byte shortForm = b switch
        {
            (byte)'"' => (byte)'"',
            (byte)'\\' => (byte)'\\',
            (byte)'\n' => (byte)'n',
            (byte)'\r' => (byte)'r',
            (byte)'\t' => (byte)'t',
            (byte)'\b' => (byte)'b',
            (byte)'\f' => (byte)'f',
            _ => 0,
        };
        destination[0] = (byte)'\\';
        if (shortForm != 0)
        {
            destination[1] = shortForm;
            return 2;
        }

        "u00"u8.CopyTo(destination[1..]);
        destination[4] = HexDigit(b >> 4);
        destination[5] = HexDigit(b & 0xF);
        return 6;
    }

    private static byte HexDigit(int value) => (byte)(value < 10 ? '0' + value : 'A' + value - 10);

    private static bool TryWriteScalar(int unicodeScalar, Span<char> destination, out int written)
    {
        if (!Rune.TryCreate(unicodeScalar, out Rune rune))
        {
            rune = Rune.ReplacementChar;
        }

        return rune.TryEncodeToUtf16(destination, out written);
    }
}
