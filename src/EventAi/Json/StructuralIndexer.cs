using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EventAi.Json;

/// <summary>
/// Stage one of <see cref="JsonScanner"/>, as in simdjson: classifies 64 bytes at a time with vector
/// compares and nibble-table lookups into bit masks (quotes, backslashes, punctuation, white space,
/// control bytes), works out which quotes are escaped and which bytes lie inside strings with bit
/// arithmetic, and writes the offsets of the bytes where tokens start (punctuation outside strings,
/// both quotes of every string, the first byte of every number or literal) to an index. Nothing inside
/// a string becomes a token, so stage two never looks at string contents.
/// </summary>
/// <remarks>
/// Checked here, per block and without a per-byte loop: control bytes inside strings, every escape
/// sequence (<c>\" \\ \/ \b \f \n \r \t</c>, <c>\u</c> with four hex digits), and the shape of every
/// number and literal (and that nothing else stands outside strings). Stage two checks the grammar.
/// Bytes past <see cref="Limit"/> (the first invalid UTF-8 byte, or the first error found here) are
/// never indexed, so stage two meets every earlier error first.
/// </remarks>
internal struct StructuralIndexer
{
    /// <summary>The most blocks one <see cref="Fill"/> indexes.</summary>
    public const int BlocksPerFill = 16;

    private const ulong EvenBits = 0x5555_5555_5555_5555UL;
    private const ulong OddBits = ~EvenBits;

    // All ones when the previous block ended inside a string.
    private ulong _inString;

    // 1 when the first byte of the next block follows an escaping backslash.
    private ulong _escaped;

    // 1 when the previous block ended inside a number or literal.
    private ulong _scalar;

    private int _next;
    private Problem _problem;
    private int _scalarStart;

    public StructuralIndexer(int start, int end, int utf8ErrorOffset)
    {
        _next = start;
        Limit = end;
        if (utf8ErrorOffset >= 0)
        {
            Fail(utf8ErrorOffset, Problem.InvalidUtf8);
        }
    }

    /// <summary>Offsets from here on are not indexed: the end of the input or the first error found.</summary>
    public int Limit { get; private set; }

    /// <summary>The offset of an error found by stage one (or of invalid UTF-8); -1 when none.</summary>
    public int ErrorOffset { get; private set; } = -1;


    /// <summary>Whether every block up to <see cref="Limit"/> has been indexed.</summary>
    public readonly bool Done => _next >= Limit;

    /// <summary>
    /// Indexes up to <see cref="BlocksPerFill"/> blocks, fewer when <paramref name="index"/> could overflow
    /// or the input ends.
    /// </summary>
    /// <returns>How many offsets were written.</returns>
    public int Fill(ReadOnlySpan<byte> json, Span<int> index)
    {
        // The carries stay in registers for the loop, which is the hot path of the whole describer.
        ulong inStringCarry = _inString;
        ulong escapedCarry = _escaped;
        ulong scalarCarry = _scalar;
        int next = _next;
        int stop = Math.Min(Limit, next + (BlocksPerFill * 64));
        int count = 0;
        while (next < stop && count <= index.Length - 64)
        {
            int block = next;
            next += 64;
            Masks(json, block, out ulong quote, out ulong backslash, out ulong punctuation, out ulong space, out ulong control);
            ulong escaped = 0;
            if ((backslash | escapedCarry) != 0)
            {
                (escaped, escapedCarry) = Escaped(backslash, escapedCarry);
            }

            quote &= ~escaped;
            ulong inString = PrefixXor(quote) ^ inStringCarry;
            inStringCarry = (ulong)((long)inString >> 63);
            ulong scalar = ~(space | punctuation | quote | inString);
            ulong scalarStarts = scalar & ~((scalar << 1) | scalarCarry);
            scalarCarry = scalar >> 63;
            ulong tokens = (punctuation & ~inString) | quote | scalarStarts;
            if ((((control | escaped) & inString) | scalarStarts) != 0)
            {
                Check(json, block, control & inString, escaped & inString, scalarStarts);
                stop = Math.Min(stop, Limit);
            }

            int valid = Limit - block;
            if (valid < 64)
            {
                tokens &= valid <= 0 ? 0 : (1UL << valid) - 1;
            }

            count = Flatten(tokens, block, index, count);
        }

        _next = next;
        _inString = inStringCarry;
        _escaped = escapedCarry;
        _scalar = scalarCarry;
        return count;
    }

    /// <summary>
    /// Writes the offsets of the set bits, eight at a time whatever their number (so the loop branch
    /// follows the count, not each bit); the writes past the count land in the 64 free places Fill keeps.
    /// </summary>
    private static int Flatten(ulong tokens, int block, Span<int> index, int count)
    {
        if (tokens == 0)
        {
            return count;
        }

        int found = BitOperations.PopCount(tokens);
        ref int destination = ref Unsafe.Add(ref MemoryMarshal.GetReference(index), count);
        int written = 0;
        do
        {
            for (int i = 0; i < 8; i++)
            {
                Unsafe.Add(ref destination, written + i) = block + BitOperations.TrailingZeroCount(tokens);
                tokens &= tokens - 1;
            }

            written += 8;
        }
        while (written < found);

        return count + found;
    }

    /// <summary>Bit masks of one block: bit i stands for byte <paramref name="block"/> + i.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Masks(ReadOnlySpan<byte> json, int block, out ulong quote, out ulong backslash, out ulong punctuation, out ulong space, out ulong control)
    {
        if (block + 64 > json.Length)
        {
            MasksOfLast(json, block, out quote, out backslash, out punctuation, out space, out control);
            return;
        }

        ref byte bytes = ref Unsafe.Add(ref MemoryMarshal.GetReference(json), block);
        if (Vector256.IsHardwareAccelerated)
        {
            Masks256(Vector256.LoadUnsafe(ref bytes), out uint q0, out uint b0, out uint p0, out uint s0, out uint c0);
            Masks256(Vector256.LoadUnsafe(ref bytes, 32), out uint q1, out uint b1, out uint p1, out uint s1, out uint c1);
            quote = q0 | ((ulong)q1 << 32);
            backslash = b0 | ((ulong)b1 << 32);
            punctuation = p0 | ((ulong)p1 << 32);
            space = s0 | ((ulong)s1 << 32);
            control = c0 | ((ulong)c1 << 32);
            return;
        }

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

    private static void MasksOfLast(ReadOnlySpan<byte> json, int block, out ulong quote, out ulong backslash, out ulong punctuation, out ulong space, out ulong control)
    {
        // Spaces are white space outside strings and plain text inside them: neutral padding either way.
        Span<byte> padded = stackalloc byte[64];
        padded.Fill((byte)' ');
        json[block..].CopyTo(padded);
        Masks(padded, 0, out quote, out backslash, out punctuation, out space, out control);
    }

    /// <summary>The rare and slower checks of a block: control bytes and escapes in strings, numbers and literals.</summary>
    private void Check(ReadOnlySpan<byte> json, int block, ulong control, ulong escapes, ulong scalarStarts)
    {
        if ((control | escapes) != 0)
        {
            CheckStringBytes(control, escapes, json, block);
        }

        if (scalarStarts != 0)
        {
            CheckScalars(scalarStarts, json, block);
        }
    }

    // Numbers and literals are checked here, where they are found, so stage two only checks the grammar.
    private void CheckScalars(ulong starts, ReadOnlySpan<byte> json, int block)
    {
        do
        {
            int at = block + BitOperations.TrailingZeroCount(starts);
            starts &= starts - 1;
            if (at >= Limit)
            {
                return;
            }

            if (JsonScalar.WellFormedLength(json[at..]) < 0)
            {
                Fail(at, Problem.Scalar, at);
                return;
            }
        }
        while (starts != 0);
    }

    /// <summary>
    /// The bytes that follow an escaping backslash. A backslash escapes the next byte unless it is itself
    /// escaped, so in a run of backslashes every second one escapes: a run starting at an even offset
    /// escapes the odd offsets after its start, one starting at an odd offset the even ones. Adding the
    /// odd run starts to the backslashes clears exactly the odd-started runs, which tells them apart.
    /// </summary>
    /// <returns>The escaped bytes, and 1 when the next block's first byte is escaped (else 0).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static (ulong Escaped, ulong Carry) Escaped(ulong backslash, ulong carry)
    {
        ulong escapers = backslash & ~carry;
        ulong starts = escapers & ~(escapers << 1);
        ulong sum = escapers + (starts & OddBits);
        ulong escaped = (EvenBits ^ (sum << 1)) & ((escapers << 1) | carry);

        // A run that started at an odd offset and reaches the last byte carries out: it escapes the next block's first byte.
        return (escaped, sum < escapers ? 1UL : 0UL);
    }

    private void CheckStringBytes(ulong control, ulong escaped, ReadOnlySpan<byte> json, int block)
    {
        int error = control == 0 ? int.MaxValue : block + BitOperations.TrailingZeroCount(control);
        Problem problem = Problem.ControlCharacter;
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
                problem = b == (byte)'u' ? Problem.UnicodeEscape : Problem.Escape;
                break;
            }
        }

        if (error != int.MaxValue)
        {
            Fail(error, problem);
        }
    }

    private static bool IsHex4(ReadOnlySpan<byte> json, int at) =>
        at + 4 <= json.Length && json.Slice(at, 4).IndexOfAnyExcept("0123456789abcdefABCDEF"u8) < 0;

    /// <summary>The error stage one found, at <see cref="ErrorOffset"/>, with what is wrong.</summary>
    public readonly MalformedJsonException Error(ReadOnlySpan<byte> json)
    {
        switch (_problem)
        {
            case Problem.InvalidUtf8:
                return new MalformedJsonException("invalid UTF-8 byte", ErrorOffset);
            case Problem.ControlCharacter:
                return new MalformedJsonException("a control character (U+0000 to U+001F) inside a string must be escaped", ErrorOffset);
            case Problem.Escape:
                return new MalformedJsonException("invalid escape sequence in a string", ErrorOffset);
            case Problem.UnicodeEscape:
                return new MalformedJsonException("'\\u' must be followed by four hex digits", ErrorOffset);
            default:
                string reason = JsonScalar.Check(json, _scalarStart, out _, out int end) ?? "invalid value";
                return new MalformedJsonException(reason, end);
        }
    }

    // Where a number or literal is malformed is only known once Check has looked at it; the scalar's start comes first.
    private void Fail(int offset, Problem problem, int scalarStart = 0)
    {
        if (ErrorOffset >= 0 && ErrorOffset <= offset)
        {
            return;
        }

        ErrorOffset = offset;
        _problem = problem;
        _scalarStart = scalarStart;
        Limit = Math.Min(Limit, offset);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Masks256(Vector256<byte> v, out uint quote, out uint backslash, out uint punctuation, out uint space, out uint control)
    {
        if (Avx2.IsSupported)
        {
            // As simdjson: one table lookup per nibble gives each byte a class; white space and punctuation
            // are the bytes whose two lookups share a bit.
            Vector256<byte> low = Avx2.Shuffle(LowNibbleClasses, v & Vector256.Create((byte)0x0F));
            Vector256<byte> high = Avx2.Shuffle(HighNibbleClasses, Vector256.ShiftRightLogical(v.AsUInt16(), 4).AsByte() & Vector256.Create((byte)0x0F));
            Vector256<byte> classes = low & high;
            quote = Vector256.Equals(v, Vector256.Create((byte)'"')).ExtractMostSignificantBits();
            backslash = Vector256.Equals(v, Vector256.Create((byte)'\\')).ExtractMostSignificantBits();
            space = ~Vector256.Equals(classes & Vector256.Create(SpaceClass), Vector256<byte>.Zero).ExtractMostSignificantBits();
            punctuation = ~Vector256.Equals(classes & Vector256.Create(PunctuationClass), Vector256<byte>.Zero).ExtractMostSignificantBits();
            control = Vector256.Equals(v & Vector256.Create((byte)0xE0), Vector256<byte>.Zero).ExtractMostSignificantBits();
            return;
        }

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

    // Byte classes: bit 0 tab, line feed, carriage return; bit 1 space; bit 2 comma; bit 3 colon; bit 4 brackets.
    private const byte SpaceClass = 0x03;
    private const byte PunctuationClass = 0x1C;

    /// <summary>The classes a byte's low nibble allows, for both 128-bit lanes.</summary>
    private static Vector256<byte> LowNibbleClasses
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector256.Create(
        (byte)0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x09, 0x10, 0x04, 0x11, 0, 0,
        0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x09, 0x10, 0x04, 0x11, 0, 0);
    }

    /// <summary>The classes a byte's high nibble allows, for both 128-bit lanes.</summary>
    private static Vector256<byte> HighNibbleClasses
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector256.Create(
        (byte)0x01, 0, 0x06, 0x08, 0, 0x10, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0,
        0x01, 0, 0x06, 0x08, 0, 0x10, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0);
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

    private enum Problem : byte
    {
        None,
        InvalidUtf8,
        ControlCharacter,
        Escape,
        UnicodeEscape,
        Scalar,
    }
}
