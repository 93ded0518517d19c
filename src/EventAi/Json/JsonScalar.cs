namespace EventAi.Json;

/// <summary>Checks the shape of numbers and of the literals <c>true</c>, <c>false</c> and <c>null</c> (RFC 8259).</summary>
internal static class JsonScalar
{
    private static readonly System.Buffers.SearchValues<byte> NumberBytes = System.Buffers.SearchValues.Create("0123456789+-.eE"u8);

    /// <summary>
    /// The length of the well-formed number or literal at the start of <paramref name="text"/> when a
    /// delimiter (or the end) follows it; -1 otherwise (<see cref="Check"/> then says what is wrong).
    /// The hot path of stage one: no slicing, no strings.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static int WellFormedLength(ReadOnlySpan<byte> text)
    {
        ref byte p = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(text);
        int length = text.Length;
        int i;
        switch (p)
        {
            case (byte)'t':
                i = length >= 4 && System.Runtime.CompilerServices.Unsafe.ReadUnaligned<uint>(ref p) == 0x65757274 ? 4 : -1; // "true"
                break;
            case (byte)'f':
                i = length >= 5 && System.Runtime.CompilerServices.Unsafe.ReadUnaligned<uint>(ref System.Runtime.CompilerServices.Unsafe.Add(ref p, 1)) == 0x65736C61 ? 5 : -1; // "alse"
                break;
            case (byte)'n':
                i = length >= 4 && System.Runtime.CompilerServices.Unsafe.ReadUnaligned<uint>(ref p) == 0x6C6C756E ? 4 : -1; // "null"
                break;
            default:
                i = NumberLength(ref p, length);
                break;
        }

        return i < 0 || (i < length && !IsDelimiter(System.Runtime.CompilerServices.Unsafe.Add(ref p, i))) ? -1 : i;
    }

    private static int NumberLength(ref byte p, int length)
    {
        int i = p == '-' ? 1 : 0;
        if (i >= length)
        {
            return -1;
        }

        byte b = System.Runtime.CompilerServices.Unsafe.Add(ref p, i);
        if (b == '0')
        {
            i++;
        }
        else if ((uint)(b - '1') <= 8)
        {
            i = DigitsFrom(ref p, i + 1, length);
        }
        else
        {
            return -1;
        }

        if (i < length && System.Runtime.CompilerServices.Unsafe.Add(ref p, i) == '.')
        {
            if (++i >= length || !IsDigit(System.Runtime.CompilerServices.Unsafe.Add(ref p, i)))
            {
                return -1;
            }

            i = DigitsFrom(ref p, i + 1, length);
        }

        if (i < length && (System.Runtime.CompilerServices.Unsafe.Add(ref p, i) | 0x20) == 'e')
        {
            if (++i < length && System.Runtime.CompilerServices.Unsafe.Add(ref p, i) is (byte)'+' or (byte)'-')
            {
                i++;
            }

            if (i >= length || !IsDigit(System.Runtime.CompilerServices.Unsafe.Add(ref p, i)))
            {
                return -1;
            }

            i = DigitsFrom(ref p, i + 1, length);
        }

        return i;
    }

    private static int DigitsFrom(ref byte p, int i, int length)
    {
        while (i < length && IsDigit(System.Runtime.CompilerServices.Unsafe.Add(ref p, i)))
        {
            i++;
        }

        return i;
    }

    /// <summary>The end of a number or literal that <see cref="Check"/> has passed.</summary>
    public static int CheckedEnd(ReadOnlySpan<byte> json, int at)
    {
        switch (json[at])
        {
            case (byte)'t' or (byte)'n':
                return at + 4;
            case (byte)'f':
                return at + 5;
            default:
                int end = at + 1;
                while (end < json.Length && NumberBytes.Contains(json[end]))
                {
                    end++;
                }

                return end;
        }
    }

    /// <summary>
    /// Checks the number or literal starting at <paramref name="at"/>: <c>null</c> when it is well formed,
    /// with <paramref name="end"/> just past it; otherwise what is wrong, with <paramref name="end"/> where.
    /// </summary>
    public static string? Check(ReadOnlySpan<byte> json, int at, out JsonTokenKind kind, out int end)
    {
        ReadOnlySpan<byte> rest = json[at..];
        string? error;
        int length;
        switch (rest[0])
        {
            case (byte)'t':
                kind = JsonTokenKind.True;
                error = Literal(rest, "true"u8, out length);
                break;
            case (byte)'f':
                kind = JsonTokenKind.False;
                error = Literal(rest, "false"u8, out length);
                break;
            case (byte)'n':
                kind = JsonTokenKind.Null;
                error = Literal(rest, "null"u8, out length);
                break;
            case (byte)'-' or (>= (byte)'0' and <= (byte)'9'):
                kind = JsonTokenKind.Number;
                error = Number(rest, out length);
                break;
            default:
                kind = JsonTokenKind.None;
                end = at;
                return $"{JsonScanner.Describe(rest[0])} cannot start a value";
        }

        end = at + length;
        if (error is null && end < json.Length && !IsDelimiter(json[end]))
        {
            error = $"{JsonScanner.Describe(json[end])} after {(kind == JsonTokenKind.Number ? "a number" : "a literal")}";
        }

        return error;
    }

    private static string? Literal(ReadOnlySpan<byte> rest, ReadOnlySpan<byte> literal, out int length)
    {
        if (rest.StartsWith(literal))
        {
            length = literal.Length;
            return null;
        }

        length = 0;
        return $"invalid literal, expected '{System.Text.Encoding.ASCII.GetString(literal)}'";
    }

    /// <summary>Checks <c>-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?</c>; on an error <paramref name="length"/> is where.</summary>
    private static string? Number(ReadOnlySpan<byte> s, out int length)
    {
        int i = s[0] == '-' ? 1 : 0;
        if (i < s.Length && s[i] == '0')
        {
            i++;
        }
        else if (i < s.Length && IsDigit(s[i]))
        {
            i = Digits(s, i);
        }
        else
        {
            return NumberError(s, length = i);
        }

        if (i < s.Length && s[i] == '.')
        {
            if (++i >= s.Length || !IsDigit(s[i]))
            {
                return NumberError(s, length = i);
            }

            i = Digits(s, i);
        }

        if (i < s.Length && (s[i] | 0x20) == 'e')
        {
            if (++i < s.Length && s[i] is (byte)'+' or (byte)'-')
            {
                i++;
            }

            if (i >= s.Length || !IsDigit(s[i]))
            {
                return NumberError(s, length = i);
            }

            i = Digits(s, i);
        }

        length = i;
        return null;
    }

    // Most numbers in events are short: a plain loop beats a vectorized search here.
    private static int Digits(ReadOnlySpan<byte> s, int i)
    {
        while (i < s.Length && IsDigit(s[i]))
        {
            i++;
        }

        return i;
    }

    private static string NumberError(ReadOnlySpan<byte> s, int i) =>
        i < s.Length ? $"invalid number: {JsonScanner.Describe(s[i])} where a digit is expected" : "invalid number: the input ends where a digit is expected";

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    private static bool IsDelimiter(byte b) =>
        b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t' or (byte)',' or (byte)']' or (byte)'}' or (byte)':' or (byte)'[' or (byte)'{' or (byte)'"';
}
