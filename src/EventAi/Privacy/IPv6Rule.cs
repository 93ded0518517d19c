using System.Buffers;

namespace EventAi;

/// <summary>
/// IPv6 addresses, replaced by <c>[ip]</c>: eight groups, or fewer around one <c>::</c>, optionally
/// ending in an IPv4 address. Kept: loopback and unspecified addresses (<c>::1</c>, <c>::</c>,
/// <c>::ffff:127.0.0.1</c>), and scope syntax such as <c>Foo::Bar</c> or <c>data[1::2]</c>, which needs
/// two groups, a digit and a group of three or more characters to count as an address.
/// </summary>
internal sealed class IPv6Rule : ScrubRule
{
    private static readonly SearchValues<char> HexOrColon = SearchValues.Create("0123456789abcdefABCDEF:");

    public IPv6Rule()
        : base(nameof(ScrubRules.IpAddress))
    {
    }

    public override bool MayMatch(TextTraits traits) => (traits & (TextTraits.Colon | TextTraits.Digit)) == (TextTraits.Colon | TextTraits.Digit);

    public override bool MayMatch(ReadOnlySpan<char> text) =>
        (text.Contains("::", StringComparison.Ordinal) || text.Count(':') >= 7) && HasColonNextToDigit(text);

    public override void Find(ReadOnlySpan<char> text, ref Redactions found)
    {
        Span<int> octets = stackalloc int[4];
        int position = 0;
        while (position < text.Length)
        {
            int colon = text[position..].IndexOf(':');
            if (colon < 0)
            {
                return;
            }

            // The whole run of hex digits and colons around this colon.
            int start = position + colon;
            while (start > position && HexOrColon.Contains(text[start - 1]))
            {
                start--;
            }

            int end = position + colon + 1;
            while (end < text.Length && HexOrColon.Contains(text[end]))
            {
                end++;
            }

            position = end;
            found.CheckBudget();
            if (TextScan.IsWordCharAt(text, start - 1))
            {
                continue;
            }

            // An IPv4 tail ("::ffff:10.0.0.1"): the run's last group is its first octet.
            int v6End = end;
            bool loopbackTail = false;
            if (end + 1 < text.Length && text[end] == '.' && char.IsAsciiDigit(text[end + 1]))
            {
                int lastColon = text[start..end].LastIndexOf(':') + start;
                int tailEnd = IPv4Rule.ParseAddress(text, lastColon + 1, octets);
                if (tailEnd < 0)
                {
                    continue;
                }

                v6End = lastColon + 1;
                end = tailEnd;
                loopbackTail = octets[0] == 127;
            }
            else if (TextScan.IsWordCharAt(text, end))
            {
                continue;
            }

            ReadOnlySpan<char> address = text[start..v6End];
            bool hasTail = v6End != end;
            if (!IsAddress(address, hasTail, out int nonZeroGroups, out int lastGroup) || (!hasTail && !LooksLikeAddress(address)))
            {
                continue;
            }

            bool loopbackOrUnspecified = hasTail
                ? (loopbackTail || (octets[0] == 0 && octets[3] == 0)) && (nonZeroGroups == 0 || IsMappedPrefix(address))
                : nonZeroGroups == 0 || (nonZeroGroups == 1 && lastGroup == 1 && !address.EndsWith("::", StringComparison.Ordinal));
            if (!loopbackOrUnspecified)
            {
                found.Add(text, start, end - start, "[ip]");
            }

            position = end;
        }
    }

    /// <summary>
    /// Whether the text is a well-formed IPv6 address (the part before its IPv4 tail, when it has
    /// one), with how many groups are not zero and the value of the last group.
    /// </summary>
    private static bool IsAddress(ReadOnlySpan<char> address, bool hasTail, out int nonZeroGroups, out int lastGroup)
    {
        nonZeroGroups = 0;
        lastGroup = 0;
        int doubleColon = address.IndexOf("::", StringComparison.Ordinal);
        if (doubleColon >= 0 && address[(doubleColon + 1)..].Contains("::", StringComparison.Ordinal))
        {
            return false;
        }

        // With a tail, the part ends with the colon before it: drop it, unless it is half of "::".
        ReadOnlySpan<char> groups = hasTail && !address.EndsWith("::", StringComparison.Ordinal) ? address[..^1] : address;

        // Single colons only between groups: no leading or trailing ":" outside a "::".
        if ((groups.StartsWith(':') && !groups.StartsWith("::", StringComparison.Ordinal))
            || (groups.EndsWith(':') && !groups.EndsWith("::", StringComparison.Ordinal)))
        {
            return false;
        }

        int count = 0;
        foreach (Range range in groups.Split(':'))
        {
            ReadOnlySpan<char> group = groups[range];
            if (group.IsEmpty)
            {
                continue;
            }

            if (group.Length > 4 || !int.TryParse(group, System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out int value))
            {
                return false;
            }

            count++;
            nonZeroGroups += value == 0 ? 0 : 1;
            lastGroup = value;
        }

        int needed = hasTail ? 6 : 8;
        return doubleColon >= 0 ? count < needed : count == needed;
    }

    // "::ffff:" or "::" before an IPv4 loopback address.
    private static bool IsMappedPrefix(ReadOnlySpan<char> address) =>
        address is "::" || address.Equals("::ffff:", StringComparison.OrdinalIgnoreCase);

    // "::" alone is scope syntax in many languages; an address needs two groups and a digit or a 3+ digit group.
    private static bool LooksLikeAddress(ReadOnlySpan<char> candidate)
    {
        if (candidate is "::1")
        {
            return true;
        }

        int groups = 0;
        bool longGroup = false;
        foreach (Range part in candidate.Split(':'))
        {
            ReadOnlySpan<char> group = candidate[part];
            if (group.Length > 0)
            {
                groups++;
                longGroup |= group.Length >= 3;
            }
        }

        return groups >= 2 && longGroup && candidate.ContainsAnyInRange('0', '9');
    }

    // An IPv6 address has a digit beside one of its colons; "Foo::bar" scope syntax has none.
    private static bool HasColonNextToDigit(ReadOnlySpan<char> text)
    {
        int colon = text.IndexOf(':');
        while (colon >= 0)
        {
            if (TextScan.IsDigitAt(text, colon - 1) || TextScan.IsDigitAt(text, colon + 1))
            {
                return true;
            }

            int next = text[(colon + 1)..].IndexOf(':');
            colon = next < 0 ? -1 : colon + 1 + next;
        }

        return false;
    }
}
