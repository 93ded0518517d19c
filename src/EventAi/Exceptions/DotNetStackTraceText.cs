using System.Globalization;
using System.Text;

namespace EventAi;

/// <summary>
/// Reads the text of <see cref="Exception.ToString"/>: the exception headers (<c>Type: message</c>,
/// inner ones after <c>---&gt;</c>), their <c>at ...</c> frames and the markers that end an inner
/// exception's trace, back into an exception chain. One pass over the text, no regular expressions:
/// time is linear in the text, and memory grows with what the description can hold (the newest
/// <see cref="DescribeOptions.MaxExceptions"/> exceptions, and per stack the frames the trimmer can keep).
/// </summary>
internal static class DotNetStackTraceText
{
    private const string EndOfInner = "--- End of inner exception stack trace ---";
    private const string EndOfPreviousLocation = "--- End of stack trace from previous location";
    private const string LineMarker = ":line ";

    /// <summary>The chain, the exception thrown last first; <c>null</c> when the text holds no exception header.</summary>
    public static ExceptionChain? Parse(string text, DescribeOptions options)
    {
        var parser = new Parser(options.MaxExceptions, options.MaxFrames, [.. options.NotInAppPrefixes]);
        int start = 0;
        while (true)
        {
            int newline = text.IndexOf('\n', start);
            int end = newline < 0 ? text.Length : newline;
            parser.Line(text.AsSpan(start, end - start));
            if (newline < 0)
            {
                break;
            }

            start = newline + 1;
        }

        return parser.Result();
    }

    /// <summary>
    /// Matches <c>^\s+at (?&lt;method&gt;.+?)(?: in (?&lt;file&gt;.+):line (?&lt;line&gt;\d+))?$</c> in linear time:
    /// the line number is the digit run that ends the line, <c>:line </c> comes right before it, and the
    /// method ends at the first <c> in </c> that leaves a file name of at least one character.
    /// </summary>
    internal static bool TryReadFrameLine(ReadOnlySpan<char> line, out ReadOnlySpan<char> method, out ReadOnlySpan<char> file, out ReadOnlySpan<char> lineNumber)
    {
        method = file = lineNumber = default;
        int indent = 0;
        while (indent < line.Length && char.IsWhiteSpace(line[indent]))
        {
            indent++;
        }

        if (indent == 0 || !line[indent..].StartsWith("at ", StringComparison.Ordinal) || line.Length == indent + 3)
        {
            return false;
        }

        ReadOnlySpan<char> rest = line[(indent + 3)..];
        int digits = rest.Length;
        while (digits > 0 && char.IsDigit(rest[digits - 1]))
        {
            digits--;
        }

        int marker = digits - LineMarker.Length;
        if (digits < rest.Length && marker >= 0 && rest[marker..digits].SequenceEqual(LineMarker))
        {
            int inAt = rest[1..].IndexOf(" in ", StringComparison.Ordinal) + 1;
            if (inAt > 0 && inAt + 4 < marker)
            {
                method = rest[..inAt];
                file = rest[(inAt + 4)..marker];
                lineNumber = rest[digits..];
                return true;
            }
        }

        method = rest;
        return true;
    }

    /// <summary>
    /// Matches <c>^(?&lt;type&gt;[\w.`+&lt;&gt;\[\],]+?)(?:: (?&lt;message&gt;.*))?$</c>: the type is the run of name
    /// characters the header starts with, and it is followed by <c>": "</c> and the message, or by nothing.
    /// </summary>
    internal static bool TryReadHeader(ReadOnlySpan<char> header, out ReadOnlySpan<char> type, out ReadOnlySpan<char> message, out bool hasMessage)
    {
        int length = 0;
        while (length < header.Length && IsTypeNameChar(header[length]))
        {
            length++;
        }

        type = header[..length];
        message = default;
        hasMessage = false;
        if (length == 0)
        {
            return false;
        }

        if (length == header.Length)
        {
            return true;
        }

        if (header[length..].StartsWith(": ", StringComparison.Ordinal))
        {
            message = header[(length + 2)..];
            hasMessage = true;
            return true;
        }

        return false;
    }

    // \w of .NET regular expressions (letters, non-spacing marks, decimal digits, connector punctuation)
    // and the characters of generic and nested type names.
    private static bool IsTypeNameChar(char c) =>
        c is '.' or '`' or '+' or '<' or '>' or '[' or ']' or ','
        || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
            or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.NonSpacingMark or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.ConnectorPunctuation;

    // .NET exception types live in a namespace or at least say what they are.
    private static bool IsTypeName(ReadOnlySpan<char> type) =>
        type.Contains('.') || type.EndsWith("Exception", StringComparison.Ordinal);

    private static ExceptionFrame ReadFrame(ReadOnlySpan<char> method, ReadOnlySpan<char> file, ReadOnlySpan<char> lineNumber)
    {
        int parameters = method.IndexOf('(');
        ReadOnlySpan<char> qualified = parameters >= 0 ? method[..parameters] : method;
        int genericArguments = qualified.IndexOf('[');
        if (genericArguments >= 0)
        {
            qualified = qualified[..genericArguments];
        }

        int lastDot = qualified.LastIndexOf('.');
        ReadOnlySpan<char> function = lastDot >= 0 ? qualified[(lastDot + 1)..] : qualified;
        ReadOnlySpan<char> module = lastDot >= 0 ? qualified[..lastDot] : default;
        bool hasModule = lastDot >= 0;

        // Older runtimes print async methods as their state machine: Type.<Foo>d__3.MoveNext().
        string? stateMachineMethod = null;
        if (function.SequenceEqual("MoveNext") && hasModule)
        {
            int machine = module.LastIndexOf('.');
            if (DotNetFrames.StateMachineName(module[(machine + 1)..].ToString()) is { } name)
            {
                stateMachineMethod = name;
                hasModule = machine >= 0;
                module = machine >= 0 ? module[..machine] : default;
            }
        }

        int? line = !lineNumber.IsEmpty && int.TryParse(lineNumber, CultureInfo.InvariantCulture, out int n) ? n : null;
        return new ExceptionFrame(
            stateMachineMethod ?? function.ToString(),
            hasModule ? module.ToString().Replace('+', '.') : null,
            file.IsEmpty ? null : file.ToString(),
            line);
    }

    private sealed class Parser(int maxExceptions, int maxFrames, IReadOnlyList<string> notInAppPrefixes)
    {
        private readonly List<Node> _kept = [];
        private Node? _current;
        private Node? _lastAggregate;
        private bool _anyHeader;

        public void Line(ReadOnlySpan<char> rawLine)
        {
            ReadOnlySpan<char> line = rawLine.TrimEnd();
            ReadOnlySpan<char> trimmed = line.TrimStart();
            if (trimmed.IsEmpty || trimmed.StartsWith(EndOfPreviousLocation, StringComparison.Ordinal))
            {
                return;
            }

            if (trimmed.StartsWith(EndOfInner, StringComparison.Ordinal) || trimmed.SequenceEqual("<---"))
            {
                _current = _current?.Parent ?? _current;
                return;
            }

            if (TryReadFrameLine(line, out ReadOnlySpan<char> method, out ReadOnlySpan<char> file, out ReadOnlySpan<char> lineNumber))
            {
                if (_current is not null)
                {
                    _current.FrameCount++;
                    if (_current.Frames is { } frames)
                    {
                        ExceptionFrame frame = ReadFrame(method, file, lineNumber);
                        frames.Add(frame, FrameList.IsInApp(frame.Module, notInAppPrefixes));
                    }
                }

                return;
            }

            bool inner = trimmed.StartsWith("--->", StringComparison.Ordinal);
            ReadOnlySpan<char> header = inner ? trimmed[4..].TrimStart() : trimmed;
            bool numbered = header.StartsWith("(Inner Exception #", StringComparison.Ordinal);
            if (numbered)
            {
                header = header[(header.IndexOf(')') + 1)..].TrimStart();
            }

            if ((inner || _current is null) && TryReadHeader(header, out ReadOnlySpan<char> type, out ReadOnlySpan<char> message, out bool hasMessage) && IsTypeName(type))
            {
                // A numbered inner exception belongs to the aggregate that lists them, not to the one before it.
                Node? parent = numbered ? _lastAggregate ?? _current : _current;
                _current = Add(parent, type, hasMessage ? message : null, hasMessage);
                return;
            }

            // A message that spans lines continues until the first frame.
            if (_current is { FrameCount: 0, Frames: not null })
            {
                if (_current.Message is { } text)
                {
                    text.Append('\n').Append(trimmed);
                }
                else
                {
                    _current.Message = new StringBuilder().Append(trimmed);
                }
            }
        }

        public ExceptionChain? Result() => _anyHeader ? new ExceptionChain(_kept.ConvertAll(n => n.ToRecord()), []) : null;

        private Node Add(Node? parent, ReadOnlySpan<char> type, ReadOnlySpan<char> message, bool hasMessage)
        {
            _anyHeader = true;
            var node = new Node(parent, type.EndsWith("AggregateException", StringComparison.Ordinal));
            if (_kept.Count < maxExceptions)
            {
                node.Type = type.ToString();
                node.Message = hasMessage ? new StringBuilder().Append(message) : null;
                node.Frames = new FrameList(maxFrames);
                _kept.Add(node);
            }

            if (node.IsAggregate)
            {
                _lastAggregate = node;
            }

            return node;
        }
    }

    /// <summary>
    /// One exception header seen in the text. Those past the newest kept ones hold only what parsing
    /// needs: their parent and whether they are an aggregate.
    /// </summary>
    private sealed class Node(Node? parent, bool isAggregate)
    {
        public Node? Parent { get; } = parent;

        public bool IsAggregate { get; } = isAggregate;

        public string? Type { get; set; }

        public StringBuilder? Message { get; set; }

        public FrameList? Frames { get; set; }

        public int FrameCount { get; set; }

        public ExceptionRecord ToRecord() => new(Type!, Message?.ToString(), Frames!, []);
    }
}
