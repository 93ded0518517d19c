using System.Buffers;
using System.Buffers.Text;

namespace EventAi.Json;

/// <summary>
/// Decodes the escapes of JSON string contents without ever throwing: a <c>\uXXXX</c> escape that is
/// half of a surrogate pair without its other half (a lone surrogate, valid JSON but no text) decodes
/// to U+FFFD, so the result is always valid UTF-8.
/// </summary>
internal static class JsonString
{
    /// <summary>U+FFFD REPLACEMENT CHARACTER in UTF-8.</summary>
    private static ReadOnlySpan<byte> Replacement => [0xEF, 0xBF, 0xBD];

    /// <summary>
    /// Decodes <paramref name="raw"/> (the bytes between the quotes of a scanned, valid string) into
    /// <paramref name="destination"/>, which must be at least as long as <paramref name="raw"/>.
    /// </summary>
    /// <returns>The number of bytes written.</returns>
    public static int Unescape(ReadOnlySpan<byte> raw, Span<byte> destination)
    {
        int written = 0;
        int i = 0;
        while (true)
        {
            int backslash = raw[i..].IndexOf((byte)'\\');
            if (backslash < 0)
            {
                raw[i..].CopyTo(destination[written..]);
                return written + raw.Length - i;
            }

            raw.Slice(i, backslash).CopyTo(destination[written..]);
            written += backslash;
            i += backslash + 1;
            byte escape = raw[i++];
            if (escape != (byte)'u')
            {
                destination[written++] = escape switch
                {
                    (byte)'b' => (byte)'\b',
                    (byte)'f' => (byte)'\f',
                    (byte)'n' => (byte)'\n',
                    (byte)'r' => (byte)'\r',
                    (byte)'t' => (byte)'\t',
                    _ => escape,
                };
                continue;
            }

            int code = Hex4(raw[i..]);
            i += 4;
            if (char.IsHighSurrogate((char)code) && i + 6 <= raw.Length && raw[i] == (byte)'\\' && raw[i + 1] == (byte)'u'
                && char.IsLowSurrogate((char)Hex4(raw[(i + 2)..])))
            {
                code = char.ConvertToUtf32((char)code, (char)Hex4(raw[(i + 2)..]));
                i += 6;
            }
            else if (char.IsSurrogate((char)code))
            {
                Replacement.CopyTo(destination[written..]);
                written += 3;
                continue;
            }

            written += new System.Text.Rune(code).EncodeToUtf8(destination[written..]);
        }
    }

    /// <summary>
    /// The decoded text of <paramref name="raw"/>: <paramref name="raw"/> itself when it holds no escape
    /// (no copy), otherwise decoded into <paramref name="scratch"/>, which is rented larger when needed.
    /// </summary>
    public static ReadOnlySpan<byte> Decode(ReadOnlySpan<byte> raw, scoped ref byte[] scratch)
    {
        if (raw.IndexOf((byte)'\\') < 0)
        {
            return raw;
        }

        if (scratch.Length < raw.Length)
        {
            byte[] larger = ArrayPool<byte>.Shared.Rent(raw.Length);
            if (scratch.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }

            scratch = larger;
        }

        return scratch.AsSpan(0, Unescape(raw, scratch));
    }

    /// <summary>Whether the decoded text of <paramref name="raw"/> equals <paramref name="text"/>, without allocating.</summary>
    public static bool DecodedEquals(ReadOnlySpan<byte> raw, ReadOnlySpan<byte> text)
    {
        if (raw.IndexOf((byte)'\\') < 0)
        {
            return raw.SequenceEqual(text);
        }

        // Decoding never lengthens the text, so a raw text shorter than the expected one cannot match.
        if (raw.Length < text.Length)
        {
            return false;
        }

        Span<byte> decoded = raw.Length <= 256 ? stackalloc byte[raw.Length] : new byte[raw.Length];
        return decoded[..Unescape(raw, decoded)].SequenceEqual(text);
    }

    /// <summary>Whether two raw string contents decode to the same text.</summary>
    public static bool RawEquals(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        if (left.IndexOf((byte)'\\') < 0)
        {
            return DecodedEquals(right, left);
        }

        if (right.IndexOf((byte)'\\') < 0)
        {
            return DecodedEquals(left, right);
        }

        byte[] scratch = [];
        byte[] decoded = new byte[left.Length];
        try
        {
            return decoded.AsSpan(0, Unescape(left, decoded)).SequenceEqual(Decode(right, ref scratch));
        }
        finally
        {
            if (scratch.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }
        }
    }

    /// <summary>A hash of the decoded text, equal for contents that are <see cref="RawEquals"/>.</summary>
    public static int Hash(ReadOnlySpan<byte> raw)
    {
        byte[] scratch = [];
        try
        {
            var hash = new HashCode();
            hash.AddBytes(Decode(raw, ref scratch));
            return hash.ToHashCode();
        }
        finally
        {
            if (scratch.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }
        }
    }

    private static int Hex4(ReadOnlySpan<byte> hex) =>
        Utf8Parser.TryParse(hex[..4], out ushort value, out int consumed, 'x') && consumed == 4 ? value : 0xFFFD;
}
