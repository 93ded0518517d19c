using System.Runtime.CompilerServices;
using System.Text.Unicode;

namespace EventAi.Json;

/// <summary>
/// A forward-only JSON reader that validates everything it passes, including what it skips, in two
/// stages: <see cref="StructuralIndexer"/> finds where tokens start 64 bytes at a time, and this type
/// walks only those offsets, checking the grammar (commas, colons, names, bracket pairs), numbers and
/// literals, and the depth. String contents are never walked byte by byte.
/// </summary>
/// <remarks>
/// Accepts exactly RFC 8259 JSON in UTF-8 (no comments, no trailing commas, one root value, white space
/// around it), nested at most <see cref="MaxDepth"/> levels; anything else throws
/// <see cref="MalformedJsonException"/> with the offset of the first problem. Escapes are checked for
/// shape; a lone surrogate escape (<c>\ud800</c>) is valid JSON and is left to the reader of the text.
/// </remarks>
internal ref struct JsonScanner
{
    /// <summary>The deepest nesting of objects and arrays accepted.</summary>
    public const int MaxDepth = 256;

    private readonly ReadOnlySpan<byte> _json;
    private readonly int _end;
    private readonly Span<int> _index;
    private StructuralIndexer _indexer;
    private int _count;
    private int _position;
    private ContainerStack _containers;
    private int _depth;
    private Expect _expect;

    /// <summary>Creates a scanner over all of <paramref name="json"/>, checking that it is UTF-8.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="index">Scratch space for token offsets, at least 64 long; longer is faster.</param>
    public JsonScanner(ReadOnlySpan<byte> json, Span<int> index)
        : this(json, index, 0, json.Length, checkUtf8: true)
    {
    }

    /// <summary>
    /// Creates a scanner over one value inside <paramref name="json"/>, from <paramref name="start"/> (where a
    /// token starts, outside any string) to <paramref name="end"/>. Offsets stay those of the whole text.
    /// </summary>
    /// <param name="json">The whole JSON text.</param>
    /// <param name="index">Scratch space for token offsets, at least 64 long; longer is faster.</param>
    /// <param name="start">Where the value starts.</param>
    /// <param name="end">Where the value ends.</param>
    /// <param name="checkUtf8">Whether to check the bytes are UTF-8 (not needed for text already scanned).</param>
    public JsonScanner(ReadOnlySpan<byte> json, Span<int> index, int start, int end, bool checkUtf8)
    {
        _json = json;
        _end = end;
        _index = index;
        int invalid = checkUtf8 ? FirstInvalidUtf8(json[start..end]) : -1;
        _indexer = new StructuralIndexer(start, end, invalid < 0 ? -1 : start + invalid);
        _expect = Expect.RootValue;
    }

    private enum Expect : byte
    {
        RootValue,
        Value,
        ValueOrEndArray,
        Name,
        NameOrEndObject,
        Colon,
        CommaOrEnd,
        Done,
    }

    /// <summary>The token the scanner stands on.</summary>
    public JsonTokenKind Kind { get; private set; }

    /// <summary>The offset of the token's first byte (the opening quote of a string).</summary>
    public int Start { get; private set; }

    /// <summary>The offset just past the token (past the closing quote; past the bracket for containers).</summary>
    public int End { get; private set; }

    /// <summary>How many objects and arrays enclose the current token (a start token counts itself).</summary>
    public readonly int Depth => _depth;

    /// <summary>The whole JSON text the scanner reads in.</summary>
    public readonly ReadOnlySpan<byte> Text => _json;

    /// <summary>The raw, still escaped bytes between the quotes of a string or property name.</summary>
    public readonly ReadOnlySpan<byte> RawText => _json[(Start + 1)..(End - 1)];

    /// <summary>The bytes of the current token: a number's or literal's text, a string with its quotes.</summary>
    public readonly ReadOnlySpan<byte> TokenBytes => _json[Start..End];

    /// <summary>Moves to the next token. Commas and colons are checked and passed over.</summary>
    /// <returns><c>false</c> after the root value, when only white space is left.</returns>
    public bool Read()
    {
        while (true)
        {
            int at = NextOffset();
            if (at < 0)
            {
                return AtEndOfInput();
            }

            byte b = _json[at];
            switch (b)
            {
                case (byte)',':
                    if (_expect != Expect.CommaOrEnd)
                    {
                        throw Unexpected(at);
                    }

                    _expect = _containers.IsObject(_depth) ? Expect.Name : Expect.Value;
                    continue;
                case (byte)':':
                    if (_expect != Expect.Colon)
                    {
                        throw Unexpected(at);
                    }

                    _expect = Expect.Value;
                    continue;
                case (byte)'{':
                    BeginValue(at);
                    Push(at, isObject: true);
                    _expect = Expect.NameOrEndObject;
                    Set(JsonTokenKind.StartObject, at, at + 1);
                    return true;
                case (byte)'[':
                    BeginValue(at);
                    Push(at, isObject: false);
                    _expect = Expect.ValueOrEndArray;
                    Set(JsonTokenKind.StartArray, at, at + 1);
                    return true;
                case (byte)'}':
                    if (_expect is not (Expect.NameOrEndObject or Expect.CommaOrEnd) || !_containers.IsObject(_depth))
                    {
                        throw Unexpected(at);
                    }

                    _depth--;
                    EndValue();
                    Set(JsonTokenKind.EndObject, at, at + 1);
                    return true;
                case (byte)']':
                    if (_expect is not (Expect.ValueOrEndArray or Expect.CommaOrEnd) || _containers.IsObject(_depth))
                    {
                        throw Unexpected(at);
                    }

                    _depth--;
                    EndValue();
                    Set(JsonTokenKind.EndArray, at, at + 1);
                    return true;
                case (byte)'"':
                    int close = NextOffset();
                    if (close < 0)
                    {
                        throw new MalformedJsonException("a string is not closed", at);
                    }

                    if (_expect is Expect.Name or Expect.NameOrEndObject)
                    {
                        _expect = Expect.Colon;
                        Set(JsonTokenKind.PropertyName, at, close + 1);
                        return true;
                    }

                    BeginValue(at);
                    EndValue();
                    Set(JsonTokenKind.String, at, close + 1);
                    return true;
                default:
                    BeginValue(at);
                    int end = ScanScalar(at, out JsonTokenKind kind);
                    EndValue();
                    Set(kind, at, end);
                    return true;
            }
        }
    }

    /// <summary>
    /// On a start token, moves to its matching end token, checking everything in between; on any other
    /// token, stays. Afterwards <see cref="End"/> is the end of the whole value.
    /// </summary>
    public void Skip()
    {
        if (Kind is not (JsonTokenKind.StartObject or JsonTokenKind.StartArray))
        {
            return;
        }

        int target = _depth - 1;
        while (Read() && _depth > target)
        {
        }
    }

    /// <summary>Reads the next token, which must be there (inside a value being walked).</summary>
    public void ReadNext()
    {
        if (!Read())
        {
            throw new MalformedJsonException("unexpected end of input", _end);
        }
    }

    /// <summary>The offset of the first byte that is not valid UTF-8; -1 when all are.</summary>
    public static int FirstInvalidUtf8(ReadOnlySpan<byte> json)
    {
        if (Utf8.IsValid(json))
        {
            return -1;
        }

        Span<char> scratch = stackalloc char[1024];
        int offset = 0;
        while (true)
        {
            System.Buffers.OperationStatus status = Utf8.ToUtf16(json[offset..], scratch, out int read, out _, replaceInvalidSequences: false);
            offset += read;
            if (status == System.Buffers.OperationStatus.InvalidData)
            {
                return offset;
            }

            if (status == System.Buffers.OperationStatus.Done)
            {
                return json.Length;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int NextOffset() => _position < _count ? _index[_position++] : Refill();

    private int Refill()
    {
        while (!_indexer.Done)
        {
            _count = _indexer.Fill(_json, _index);
            _position = 0;
            if (_count > 0)
            {
                return _index[_position++];
            }
        }

        if (_indexer.ErrorOffset >= 0)
        {
            throw new MalformedJsonException(_indexer.ErrorReason!, _indexer.ErrorOffset);
        }

        return -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Set(JsonTokenKind kind, int start, int end)
    {
        Kind = kind;
        Start = start;
        End = end;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly void BeginValue(int at)
    {
        if (_expect is not (Expect.Value or Expect.ValueOrEndArray or Expect.RootValue))
        {
            throw Unexpected(at);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EndValue() => _expect = _depth == 0 ? Expect.Done : Expect.CommaOrEnd;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Push(int at, bool isObject)
    {
        if (_depth == MaxDepth)
        {
            throw new MalformedJsonException($"the JSON is nested deeper than {MaxDepth} levels", at, tooDeep: true);
        }

        _containers.Set(++_depth, isObject);
    }

    private bool AtEndOfInput()
    {
        if (_expect != Expect.Done)
        {
            throw new MalformedJsonException(_expect == Expect.RootValue ? "the input holds no JSON value" : "the input ends inside a value", _end);
        }

        Kind = JsonTokenKind.None;
        return false;
    }

    private readonly int ScanScalar(int at, out JsonTokenKind kind)
    {
        ReadOnlySpan<byte> rest = _json[at..];
        int length;
        switch (rest[0])
        {
            case (byte)'t':
                length = Literal(rest, "true"u8, at);
                kind = JsonTokenKind.True;
                break;
            case (byte)'f':
                length = Literal(rest, "false"u8, at);
                kind = JsonTokenKind.False;
                break;
            case (byte)'n':
                length = Literal(rest, "null"u8, at);
                kind = JsonTokenKind.Null;
                break;
            case (byte)'-' or (>= (byte)'0' and <= (byte)'9'):
                length = NumberLength(rest, at);
                kind = JsonTokenKind.Number;
                break;
            default:
                throw new MalformedJsonException($"{Describe(rest[0])} cannot start a value", at);
        }

        int end = at + length;
        if (end < _json.Length && !IsDelimiter(_json[end]))
        {
            throw new MalformedJsonException($"{Describe(_json[end])} after {(kind == JsonTokenKind.Number ? "a number" : "a literal")}", end);
        }

        return end;
    }

    private static int Literal(ReadOnlySpan<byte> rest, ReadOnlySpan<byte> literal, int at) =>
        rest.StartsWith(literal) ? literal.Length : throw new MalformedJsonException($"invalid literal, expected '{System.Text.Encoding.ASCII.GetString(literal)}'", at);

    private static int NumberLength(ReadOnlySpan<byte> s, int at)
    {
        int i = 0;
        if (s[0] == '-')
        {
            i++;
        }

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
            throw NumberError(s, i, at);
        }

        if (i < s.Length && s[i] == '.')
        {
            if (++i >= s.Length || !IsDigit(s[i]))
            {
                throw NumberError(s, i, at);
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
                throw NumberError(s, i, at);
            }

            i = Digits(s, i);
        }

        return i;
    }

    private static int Digits(ReadOnlySpan<byte> s, int i)
    {
        int more = s[i..].IndexOfAnyExceptInRange((byte)'0', (byte)'9');
        return more < 0 ? s.Length : i + more;
    }

    private static MalformedJsonException NumberError(ReadOnlySpan<byte> s, int i, int at) =>
        new(i < s.Length ? $"invalid number: {Describe(s[i])} where a digit is expected" : "invalid number: the input ends where a digit is expected", at + i);

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    private static bool IsDelimiter(byte b) =>
        b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t' or (byte)',' or (byte)']' or (byte)'}' or (byte)':' or (byte)'[' or (byte)'{' or (byte)'"';

    private readonly MalformedJsonException Unexpected(int at)
    {
        string expected = _expect switch
        {
            Expect.RootValue or Expect.Value => "a value",
            Expect.ValueOrEndArray => "a value or ']'",
            Expect.Name => "a property name in quotes",
            Expect.NameOrEndObject => "a property name in quotes or '}'",
            Expect.Colon => "':' after a property name",
            Expect.CommaOrEnd => _containers.IsObject(_depth) ? "',' or '}' after a property value" : "',' or ']' after an array item",
            _ => "nothing after the root value",
        };
        return new MalformedJsonException($"expected {expected}, found {Describe(_json[at])}", at);
    }

    private static string Describe(byte b) => b is >= 0x21 and < 0x7F ? $"'{(char)b}'" : $"byte 0x{b:X2}";

    /// <summary>One bit per nesting level: set for an object, clear for an array.</summary>
    [InlineArray(MaxDepth / 64 + 1)]
    private struct ContainerStack
    {
        private ulong _bits;

        public readonly bool IsObject(int depth) => (this[depth >> 6] & (1UL << (depth & 63))) != 0;

        public void Set(int depth, bool isObject)
        {
            ulong bit = 1UL << (depth & 63);
            this[depth >> 6] = isObject ? this[depth >> 6] | bit : this[depth >> 6] & ~bit;
        }
    }
}
