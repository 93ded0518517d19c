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

    private ReadOnlySpan<byte> _json;
    private int _end;
    private Span<int> _index;
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
    public JsonScanner(ReadOnlySpan<byte> json, Span<int> index, int start, int end, bool checkUtf8) =>
        Begin(json, index, start, end, checkUtf8);

    // The grammar of Skip as a table: states with the container kind folded in, token classes by first byte.
    private const int ArrayFirst = 1;
    private const int ArrayValue = 2;
    private const int ArrayNext = 3;
    private const int ObjectFirst = 4;
    private const int ObjectName = 5;
    private const int ObjectColon = 6;
    private const int ObjectValue = 7;
    private const int ObjectNext = 8;
    private const int PushState = 61;
    private const int PopState = 62;
    private const int OpenObjectToken = 0;
    private const int CloseObjectToken = 1;
    private const int StringToken = 6;

    /// <summary>A scanner over one value of text already scanned, standing on the value's first token.</summary>
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

    /// <summary>
    /// (Re)starts the scanner in place, as the constructor does. A scanner held as a field is started this
    /// way: assigning a new one would copy its spans with a write barrier.
    /// </summary>
    public void Begin(ReadOnlySpan<byte> json, Span<int> index, int start, int end, bool checkUtf8)
    {
        _json = json;
        _end = end;
        _index = index;
        _count = _position = _depth = 0;
        int invalid = checkUtf8 ? FirstInvalidUtf8(json[start..end]) : -1;
        _indexer = new StructuralIndexer(start, end, invalid < 0 ? -1 : start + invalid);
        _containers = default;
        _expect = Expect.RootValue;
        Kind = JsonTokenKind.None;
        Start = End = 0;
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
    public bool Read() => Advance(measureScalars: true);

    /// <summary>
    /// Moves past the next value without producing it: a number's or literal's end is not measured, and
    /// an object or array is passed with <see cref="Skip"/>. For values whose content is not wanted.
    /// </summary>
    public void SkipValue()
    {
        if (!Advance(measureScalars: false))
        {
            throw new MalformedJsonException("unexpected end of input", _end);
        }

        Skip();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Advance(bool measureScalars)
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
                    // Stage one has checked the number or literal; only its end is looked for.
                    BeginValue(at);
                    EndValue();
                    Set(ScalarKind(b), at, measureScalars ? JsonScalar.CheckedEnd(_json, at) : at + 1);
                    return true;
            }
        }
    }

    /// <summary>
    /// On a start token, moves to its matching end token, checking everything in between as
    /// <see cref="Read"/> would; on any other token, stays. Afterwards <see cref="End"/> is the end of the
    /// whole value.
    /// </summary>
    /// <remarks>
    /// The tight loop of the scanner: one table lookup per token for the grammar, no token is produced,
    /// string contents and white space are never looked at (stage one has checked them, and every number
    /// and literal).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Skip()
    {
        if (Kind is JsonTokenKind.StartObject or JsonTokenKind.StartArray)
        {
            SkipContainer();
        }
    }

    [SkipLocalsInit]
    private void SkipContainer()
    {
        // returnTo[level] is the state to go on in when the container at that level closes.
        Span<byte> returnTo = stackalloc byte[MaxDepth + 1];
        ReadOnlySpan<byte> json = _json;
        ReadOnlySpan<byte> classes = TokenClasses;
        ReadOnlySpan<ulong> grammar = Grammar;
        int outerDepth = _depth - 1;
        int level = 1;

        // States are kept times 6, the width of a state's field in a grammar row, so the lookup is one shift.
        int state = (Kind == JsonTokenKind.StartObject ? ObjectFirst : ArrayFirst) * 6;
        while (true)
        {
            Span<int> index = _index;
            int p = _position;
            int count = _count;
            while (p < count)
            {
                int at = index[p];
                int token = classes[json[at]];
                int next = (int)(grammar[token] >> state) & 63;
                if (next < PushState)
                {
                    state = next;

                    // A string is two offsets: its opening and its closing quote.
                    p += token == StringToken ? 2 : 1;
                    continue;
                }

                p++;
                if (next == PushState)
                {
                    if (outerDepth + level == MaxDepth)
                    {
                        throw new MalformedJsonException($"the JSON is nested deeper than {MaxDepth} levels", at, tooDeep: true);
                    }

                    returnTo[++level] = (byte)(AfterValue[state / 6] * 6);
                    state = (token == OpenObjectToken ? ObjectFirst : ArrayFirst) * 6;
                }
                else if (next == PopState)
                {
                    if (--level == 0)
                    {
                        _position = p;
                        _depth--;
                        EndValue();
                        Set(token == CloseObjectToken ? JsonTokenKind.EndObject : JsonTokenKind.EndArray, at, at + 1);
                        return;
                    }

                    state = returnTo[level + 1];
                }
                else
                {
                    _position = p;
                    throw UnexpectedInSkip(at, state / 6);
                }
            }

            // A string whose closing quote is in the next batch leaves p one past the end.
            int carried = p - count;
            if (!FillIndex())
            {
                throw new MalformedJsonException("the input ends inside a value", _end);
            }

            _position = carried;
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

    private int Refill() => FillIndex() ? _index[_position++] : -1;

    /// <summary>Indexes the next blocks with stage one; <c>false</c> at the end of the input.</summary>
    /// <exception cref="MalformedJsonException">Stage one found an error and everything before it is read.</exception>
    private bool FillIndex()
    {
        while (!_indexer.Done)
        {
            _count = _indexer.Fill(_json, _index);
            _position = 0;
            if (_count > 0)
            {
                return true;
            }
        }

        _count = _position = 0;
        if (_indexer.ErrorOffset >= 0)
        {
            throw _indexer.Error(_json);
        }

        return false;
    }

    private static JsonTokenKind ScalarKind(byte first) => first switch
    {
        (byte)'t' => JsonTokenKind.True,
        (byte)'f' => JsonTokenKind.False,
        (byte)'n' => JsonTokenKind.Null,
        _ => JsonTokenKind.Number,
    };

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

    private MalformedJsonException UnexpectedInSkip(int at, int state)
    {
        string expected = state switch
        {
            ArrayFirst => "a value or ']'",
            ArrayNext => "',' or ']' after an array item",
            ObjectFirst => "a property name in quotes or '}'",
            ObjectName => "a property name in quotes",
            ObjectColon => "':' after a property name",
            ObjectNext => "',' or '}' after a property value",
            _ => "a value",
        };
        return new MalformedJsonException($"expected {expected}, found {Describe(_json[at])}", at);
    }

    /// <summary>A byte as an error message shows it.</summary>
    internal static string Describe(byte b) => b is >= 0x21 and < 0x7F ? $"'{(char)b}'" : $"byte 0x{b:X2}";

    /// <summary>The class of a token by its first byte: { } [ ] , : " and 7 for a number or literal.</summary>
    private static ReadOnlySpan<byte> TokenClasses =>
    [
        7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
        7, 7, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 4, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 5, 7, 7, 7, 7, 7,
        7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 2, 7, 3, 7, 7,
        7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 0, 7, 1, 7, 7,
        7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
        7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
        7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
        7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
    ];

    /// <summary>
    /// The grammar of <see cref="Skip"/>, one row per token class ({ } [ ] , : " scalar): 6 bits per state
    /// (state × 6 is the bit offset) holding the next state × 6, or 61 (open a container), 62 (close one),
    /// 63 (not allowed). States: 1 after '[', 2 after ',' in an array, 3 after an array item, 4 after '{',
    /// 5 after ',' in an object, 6 after a name, 7 after ':', 8 after a property value.
    /// </summary>
    private static ReadOnlySpan<ulong> Grammar =>
    [
        0x0FFFF7FFFFFFDF7F, 0x0FFEFFFFFEFFFFFF, 0x0FFFF7FFFFFFDF7F, 0x0FFFFFFFFFFBFFBF,
        0x0FDEFFFFFF33FFFF, 0x0FFFFEAFFFFFFFFF, 0x0FFFC3F924FD24BF, 0x0FFFC3FFFFFD24BF,
    ];

    /// <summary>The state after a value read in each state (by index); only value states are used.</summary>
    private static ReadOnlySpan<byte> AfterValue => [0, ArrayNext, ArrayNext, 0, 0, 0, 0, ObjectNext, 0];
}
