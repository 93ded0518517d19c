using System.Text.RegularExpressions;

namespace EventAi.Tests.Exceptions;

/// <summary>
/// The exception-text reader as it was before issue 10 (regular expressions, every line and frame kept),
/// kept as the oracle the linear reader must agree with on ordinary text.
/// </summary>
internal static partial class ReferenceStackTraceText
{
    private const string EndOfInner = "--- End of inner exception stack trace ---";

    public static List<(string Type, string? Message, List<ExceptionFrame> Frames)> Parse(string text)
    {
        var nodes = new List<Node>();
        Node? current = null;
        foreach (string rawLine in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            string line = rawLine.TrimEnd();
            string trimmed = line.TrimStart();
            if (trimmed.Length == 0 || trimmed.StartsWith("--- End of stack trace from previous location", StringComparison.Ordinal))
            {
                continue;
            }

            if (trimmed.StartsWith(EndOfInner, StringComparison.Ordinal) || trimmed == "<---")
            {
                current = current?.Parent ?? current;
                continue;
            }

            if (Frame().Match(line) is { Success: true } frame)
            {
                current?.Frames.Add(ReadFrame(frame));
                continue;
            }

            bool inner = trimmed.StartsWith("--->", StringComparison.Ordinal);
            string header = inner ? trimmed[4..].TrimStart() : trimmed;
            bool numbered = header.StartsWith("(Inner Exception #", StringComparison.Ordinal);
            if (numbered)
            {
                header = header[(header.IndexOf(')', StringComparison.Ordinal) + 1)..].TrimStart();
            }

            if ((inner || current is null) && Header().Match(header) is { Success: true } match && IsTypeName(match.Groups["type"].Value))
            {
                Node? parent = numbered ? nodes.LastOrDefault(n => n.Type.EndsWith("AggregateException", StringComparison.Ordinal)) ?? current : current;
                current = new Node(match.Groups["type"].Value, match.Groups["message"].Success ? match.Groups["message"].Value : null, parent);
                nodes.Add(current);
                continue;
            }

            if (current is not null && current.Frames.Count == 0)
            {
                current.Message = current.Message is null ? trimmed : current.Message + "\n" + trimmed;
            }
        }

        return nodes.Select(n => (n.Type, n.Message, n.Frames)).ToList();
    }

    private static bool IsTypeName(string type) =>
        type.Contains('.', StringComparison.Ordinal) || type.EndsWith("Exception", StringComparison.Ordinal);

    private static ExceptionFrame ReadFrame(Match frame)
    {
        string method = frame.Groups["method"].Value;
        int parameters = method.IndexOf('(', StringComparison.Ordinal);
        string qualified = parameters >= 0 ? method[..parameters] : method;
        int genericArguments = qualified.IndexOf('[', StringComparison.Ordinal);
        if (genericArguments >= 0)
        {
            qualified = qualified[..genericArguments];
        }

        int lastDot = qualified.LastIndexOf('.');
        string function = lastDot >= 0 ? qualified[(lastDot + 1)..] : qualified;
        string? module = lastDot >= 0 ? qualified[..lastDot] : null;
        if (function == "MoveNext" && module is not null)
        {
            int machine = module.LastIndexOf('.');
            if (DotNetFrames.StateMachineName(module[(machine + 1)..]) is { } name)
            {
                function = name;
                module = machine >= 0 ? module[..machine] : null;
            }
        }

        int? line = frame.Groups["line"].Success && int.TryParse(frame.Groups["line"].ValueSpan, System.Globalization.CultureInfo.InvariantCulture, out int n) ? n : null;
        return new ExceptionFrame(function, module?.Replace('+', '.'), frame.Groups["file"].Success ? frame.Groups["file"].Value : null, line);
    }

    [GeneratedRegex(@"^(?<type>[\w.`+<>\[\],]+?)(?:: (?<message>.*))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Header();

    [GeneratedRegex(@"^\s+at (?<method>.+?)(?: in (?<file>.+):line (?<line>\d+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Frame();

    private sealed class Node(string type, string? message, Node? parent)
    {
        public string Type { get; } = type;

        public string? Message { get; set; } = message;

        public Node? Parent { get; } = parent;

        public List<ExceptionFrame> Frames { get; } = [];
    }
}
