using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EventAi.Json;

/// <summary>
/// Stage one of <see cref="JsonScanner"/>, as in simdjson: classifies 64 bytes at a time with vector
/// compares into bit masks (quotes, backslashes, brackets and punctuation, white space, control bytes),
/// works out which quotes are escaped and which bytes lie inside strings with bit arithmetic, and writes
/// the offsets of the bytes where tokens start (punctuation outside strings, both quotes of every
/// string, the first byte of every number or literal) to an index. Nothing inside a string becomes a
/// token, so stage two never looks at string contents.
/// </summary>
/// <remarks>
/// Checked here, per block and without a per-byte loop: control bytes inside strings, and every escape
/// sequence (<c>\" \\ \/ \b \f \n \r \t</c>, <c>\u</c> with four hex digits). Stage two checks the
/// grammar, numbers and literals. Bytes past <see cref="Limit"/> (the first invalid UTF-8 byte, or the
/// first error found here) are never indexed, so stage two meets every earlier error first.
/// </remarks>
internal struct StructuralIndexer
{
    private const ulong EvenBits = 0x5555_5555_5555_5555UL;
    private const ulong OddBits = ~EvenBits;

    // All ones when the previous block ended inside a string.
    private ulong _inString;

    // 1 when the first byte of the next block follows an escaping backslash.
    private ulong _escaped;

    // 1 when the previous block ended inside a number or literal.
    private ulong _scalar;

    private int _next;

    public StructuralIndexer(int start, int end, int utf8ErrorOffset)
    {
        _next = start;
        Limit = end;
        if (utf8ErrorOffset >= 0)
        {
            Fail(utf8ErrorOffset, "invalid UTF-8 byte");
        }
    }

    /// <summary>Offsets from here on are not indexed: the end of the input or the first error found.</summary>
    public int Limit { get; private set; }

    /// <summary>The offset of an error found by stage one (or of invalid UTF-8); -1 when none.</summary>
    public int ErrorOffset { get; private set; } = -1;

    /// <summary>What is wrong at <see cref="ErrorOffset"/>.</summary>
    public string? ErrorReason { get; private set; }

    /// <summary>Whether every block up to <see cref="Limit"/> has been indexed.</summary>
    public readonly bool Done => _next >= Limit;

    /// <summary>Indexes blocks until <paramref name="index"/> could overflow or the input ends.</summary>
    /// <returns>How many offsets were written.</returns>
    public int Fill(ReadOnlySpan<byte> json, Span<int> index)
    {
        int count = 0;
        ref byte start = ref MemoryMarshal.GetReference(json);
        while (_next < Limit && count <= index.Length - 64)
        {
            int block = _next;
            ulong tokens = block + 64 <= json.Length
                ? Classify(ref Unsafe.Add(ref start, block), json, block)
                : ClassifyLast(json, block);
            _next = block + 64;
            int valid = Limit - block;
            if (valid < 64)
            {
                tokens &= valid <= 0 ? 0 : (1UL << valid) - 1;
            }

            count = Flatten(tokens, block, index, count);
        }

        return count;
    }

    private static int Flatten(ulong tokens, int block, Span<int> index, int count)
    {
        ref int destination = ref MemoryMarshal.GetReference(index);
        while (tokens != 0)
        {
            Unsafe.Add(ref destination, count++) = block + BitOperations.TrailingZeroCount(tokens);
            tokens &= tokens - 1;
        }

        return count;
    }

    private ulong ClassifyLast(ReadOnlySpan<byte> json, int block)
    {
        // Spaces are white space outside strings and plain text inside them: neutral padding either way.
        Span<byte> padded = stackalloc byte[64];
        padded.Fill((byte)' ');
        json[block..].CopyTo(padded);
        return Classify(ref MemoryMarshal.GetReference(padded), json, block);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong Classify(ref byte bytes, ReadOnlySpan<byte> json, int block)
    {
        ulong quote, backslash, punctuation, space, control;
        if (Vector256.IsHardwareAccelerated)
        {
            Masks256(Vector256.LoadUnsafe(ref bytes), out uint q0, out uint b0, out uint p0, out uint s0, out uint c0);
            Masks256(Vector256.LoadUnsafe(ref bytes, 32), out uint q1, out uint b1, out uint p1, out uint s1, out uint c1);
            quote = q0 | ((ulong)q1 << 32);
            backslash = b0 | ((ulong)b1 << 32);
            punctuation = p0 | ((ulong)p1 << 32);
            space = s0 | ((ulong)s1 << 32);
            control = c0 | ((ulong)c1 << 32);
        }
        else
        {
            quote = backslash = punctuation = space = control = 0;
            for (int i = 0; i < 4; i++)
            {
                Masks128(Vector128.LoadUnsafe(ref bytes, (nuint)(i * 16)), out uint q, out uint b, out uint p, out uint s, out uint c);
                quote |= (ulong)q << (i * 16);
                backslash |= (ulong)b << (i * 16);
                punctuation |= (ulong)p << (i * 16);
                space |= (ulong)s << (i * 16);
                control |= (ulong)c << (i * 16);
            }
        }

        ulong escaped = backslash == 0 && _escaped == 0 ? 0 : Escaped(backslash);
        quote &= ~escaped;
        ulong inString = PrefixXor(quote) ^ _inString;
        _inString = (ulong)((long)inString >> 63);

        if (((control | escaped) & inString) != 0)
        {
            CheckStringBytes(control & inString, escaped & inString, json, block);
        }

        ulong scalar = ~(space | punctuation | quote | inString);
        ulong scalarStarts = scalar & ~((scalar << 1) | _scalar);
        _scalar = scalar >> 63;
        return (punctuation & ~inString) | quote | scalarStarts;
    }

    /// <summary>
    /// The bytes that follow an escaping backslash. A backslash escapes the next byte unless it is itself
    /// escaped, so in a run of backslashes every second one escapes: a run starting at an even offset
    /// escapes the odd offsets after its start, one starting at an odd offset the even ones. Adding the
    /// odd run starts to the backslashes clears exactly the odd-started runs, which tells them apart.
    /// </summary>
    private ulong Escaped(ulong backslash)
    {
        ulong escapers = backslash & ~_escaped;
        ulong starts = escapers & ~(escapers << 1);
        ulong sum = escapers + (starts & OddBits);
        ulong escaped = (EvenBits ^ (sum << 1)) & ((escapers << 1) | _escaped);

        // A run that started at an odd offset and reaches the last byte carries out: it escapes the next block's first byte.
        _escaped = sum < escapers ? 1UL : 0UL;
        return escaped;
    }

    private void CheckStringBytes(ulong control, ulong escaped, ReadOnlySpan<byte> json, int block)
    {
        int error = control == 0 ? int.MaxValue : block + BitOperations.TrailingZeroCount(control);
        string reason = "a control character (U+0000 to U+001F) inside a string must be escaped";
        while (escaped != 0)
        {
            int at = block + BitOperations.TrailingZeroCount(escaped);
            escaped &= escaped - 1;
            if (at >= error)
            {
                break;
            }

            byte b = at < json.Length ? json[at] : (byte)0;
            bool valid = b is (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t'
                || (b == (byte)'u' && IsHex4(json, at + 1));
            if (!valid)
            {
                error = at - 1;
                reason = b == (byte)'u' ? "'\\u' must be followed by four hex digits" : "invalid escape sequence in a string";
                break;
            }
        }

        if (error != int.MaxValue)
        {
            Fail(error, reason);
        }
    }

    private static bool IsHex4(ReadOnlySpan<byte> json, int at) =>
        at + 4 <= json.Length && json.Slice(at, 4).IndexOfAnyExcept("0123456789abcdefABCDEF"u8) < 0;

    private void Fail(int offset, string reason)
    {
        if (ErrorOffset >= 0 && ErrorOffset <= offset)
        {
            return;
        }

        ErrorOffset = offset;
        ErrorReason = reason;
        Limit = Math.Min(Limit, offset);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Masks256(Vector256<byte> v, out uint quote, out uint backslash, out uint punctuation, out uint space, out uint control)
    {
        // '[' and '{' differ only in bit 0x20, as do ']' and '}'.
        Vector256<byte> folded = v | Vector256.Create((byte)0x20);
        quote = Vector256.Equals(v, Vector256.Create((byte)'"')).ExtractMostSignificantBits();
        backslash = Vector256.Equals(v, Vector256.Create((byte)'\\')).ExtractMostSignificantBits();
        punctuation = (Vector256.Equals(folded, Vector256.Create((byte)'{'))
            | Vector256.Equals(folded, Vector256.Create((byte)'}'))
            | Vector256.Equals(v, Vector256.Create((byte)','))
            | Vector256.Equals(v, Vector256.Create((byte)':'))).ExtractMostSignificantBits();
        space = (Vector256.Equals(v, Vector256.Create((byte)' '))
            | Vector256.Equals(v, Vector256.Create((byte)'\n'))
            | Vector256.Equals(v, Vector256.Create((byte)'\r'))
            | Vector256.Equals(v, Vector256.Create((byte)'\t'))).ExtractMostSignificantBits();
        control = Vector256.LessThan(v, Vector256.Create((byte)0x20)).ExtractMostSignificantBits();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Masks128(Vector128<byte> v, out uint quote, out uint backslash, out uint punctuation, out uint space, out uint control)
    {
        Vector128<byte> folded = v | Vector128.Create((byte)0x20);
        quote = Vector128.Equals(v, Vector128.Create((byte)'"')).ExtractMostSignificantBits();
        backslash = Vector128.Equals(v, Vector128.Create((byte)'\\')).ExtractMostSignificantBits();
        punctuation = (Vector128.Equals(folded, Vector128.Create((byte)'{'))
            | Vector128.Equals(folded, Vector128.Create((byte)'}'))
            | Vector128.Equals(v, Vector128.Create((byte)','))
            | Vector128.Equals(v, Vector128.Create((byte)':'))).ExtractMostSignificantBits();
        space = (Vector128.Equals(v, Vector128.Create((byte)' '))
            | Vector128.Equals(v, Vector128.Create((byte)'\n'))
            | Vector128.Equals(v, Vector128.Create((byte)'\r'))
            | Vector128.Equals(v, Vector128.Create((byte)'\t'))).ExtractMostSignificantBits();
        control = Vector128.LessThan(v, Vector128.Create((byte)0x20)).ExtractMostSignificantBits();
    }

    /// <summary>Bit i is the XOR of bits 0..i: with quote bits in, the bytes from an opening quote up to its closing one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong PrefixXor(ulong bits)
    {
        if (Pclmulqdq.IsSupported)
        {
            return Pclmulqdq.CarrylessMultiply(Vector128.CreateScalar(bits), Vector128.Create(ulong.MaxValue), 0).ToScalar();
        }

        bits ^= bits << 1;
        bits ^= bits << 2;
        bits ^= bits << 4;
        bits ^= bits << 8;
        bits ^= bits << 16;
        bits ^= bits << 32;
        return bits;
    }
}
