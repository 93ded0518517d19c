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
        int i = 0;
        while (i < utf8Text.Length)
        {
            byte b = utf8Text[i];
            if (b < 0x80)
            {
                if (b < 0x20 || b == '"' || b == '\\')
                {
                    return i;
                }

                i++;
                continue;
            }

            if (Rune.DecodeFromUtf8(utf8Text[i..], out _, out int consumed) != OperationStatus.Done)
            {
                return i;
            }

            i += consumed;
        }

        return -1;
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

    private static bool TryWriteScalar(int unicodeScalar, Span<char> destination, out int written)
    {
        if (!Rune.TryCreate(unicodeScalar, out Rune rune))
        {
            rune = Rune.ReplacementChar;
        }

        return rune.TryEncodeToUtf16(destination, out written);
    }
}
