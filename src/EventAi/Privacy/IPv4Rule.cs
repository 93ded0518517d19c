namespace EventAi;

/// <summary>
/// IPv4 addresses, replaced by <c>[ip]</c>. Kept: loopback (<c>127.0.0.0/8</c>) and unspecified
/// (<c>0.0.0.0</c>) addresses, the clue in "connection refused"; and what reads as a four-part
/// version: numbers ending in <c>.0</c> (<c>13.0.0.0</c>, also network addresses), after a product or
/// <c>Version</c> (<c>Chrome/120.0.0.1</c>, <c>Version=2.4.1.3</c>), inside a longer dotted number,
/// after a word or in parentheses (<c>v1.2.3.4</c>, <c>(6.0.3.4)</c>), and public numbers shaped like
/// an assembly version (first part below 30, second and third below 10, one of them 0: <c>4.0.4.1</c>).
/// Private addresses (<c>10.0.0.5</c>, <c>192.168.1.1</c>) are always replaced.
/// </summary>
internal sealed class IPv4Rule : ScrubRule
{
    public IPv4Rule()
        : base(nameof(ScrubRules.IpAddress))
    {
    }

    public override bool MayMatch(TextTraits traits) => (traits & (TextTraits.Dot | TextTraits.Digit)) == (TextTraits.Dot | TextTraits.Digit);

    public override bool MayMatch(ReadOnlySpan<char> text) => TextScan.HasDigitDotDigit(text);

    public override void Find(ReadOnlySpan<char> text, ref Redactions found)
    {
        Span<int> octets = stackalloc int[4];
        int position = 0;
        while (position < text.Length)
        {
            int hit = text[position..].IndexOfAnyInRange('0', '9');
            if (hit < 0)
            {
                return;
            }

            int start = position + hit;
            found.CheckBudget();
            int end = start > 0 && (TextScan.IsWordChar(text[start - 1]) || text[start - 1] is '.' or '(') ? -1 : ParseAddress(text, start, octets);
            if (end < 0)
            {
                // Skip the rest of this dotted number: no address starts inside it.
                position = start + 1;
                while (position < text.Length && (char.IsAsciiDigit(text[position]) || (text[position] == '.' && TextScan.IsDigitAt(text, position + 1))))
                {
                    position++;
                }

                continue;
            }

            if (!IsKept(text, start, octets))
            {
                found.Add(text, start, end - start, "[ip]");
            }

            position = end;
        }
    }

    /// <summary>Whether the address at <paramref name="start"/> is loopback (127/8), unspecified (0/8), a network (x.x.x.0) or version-like.</summary>
    public static bool IsKept(ReadOnlySpan<char> text, int start, ReadOnlySpan<int> octets) =>
        octets[0] is 127 or 0 || octets[3] == 0 || FollowsVersionWord(text, start) || (IsVersionShaped(octets) && !IsPrivate(octets));

    private static bool IsVersionShaped(ReadOnlySpan<int> octets) => octets[0] < 30 && octets[1] < 10 && octets[2] < 10 && (octets[1] == 0 || octets[2] == 0);

    // 10/8, 172.16/12, 192.168/16, link-local 169.254/16 and shared 100.64/10: the addresses of a private network.
    private static bool IsPrivate(ReadOnlySpan<int> octets) =>
        octets[0] == 10
        || (octets[0] == 172 && octets[1] is >= 16 and <= 31)
        || (octets[0] == 192 && octets[1] == 168)
        || (octets[0] == 169 && octets[1] == 254)
        || (octets[0] == 100 && octets[1] is >= 64 and <= 127);

    /// <summary>The end of four dot-separated octets at <paramref name="start"/> that end the number, or -1.</summary>
    public static int ParseAddress(ReadOnlySpan<char> text, int start, Span<int> octets)
    {
        int i = start;
        for (int k = 0; k < 4; k++)
        {
            if (k > 0)
            {
                if (i >= text.Length || text[i] != '.')
                {
                    return -1;
                }

                i++;
            }

            int digits = 0;
            int value = 0;
            while (i < text.Length && char.IsAsciiDigit(text[i]) && digits < 4)
            {
                value = (value * 10) + (text[i] - '0');
                digits++;
                i++;
            }

            // 1-3 digits, at most 255, no leading zero ("01" is no octet).
            if (digits is 0 or > 3 || value > 255 || (digits > 1 && text[i - digits] == '0'))
            {
                return -1;
            }

            octets[k] = value;
        }

        return TextScan.IsWordCharAt(text, i) || (i + 1 < text.Length && text[i] == '.' && char.IsAsciiDigit(text[i + 1])) ? -1 : i;
    }

    // "Chrome/120.0.1.2", "Version=2.4.1.3", "version 1.2.3.4", "ver. 1.2.3.4".
    private static bool FollowsVersionWord(ReadOnlySpan<char> text, int start)
    {
        if (start >= 2 && text[start - 1] == '/' && char.IsLetterOrDigit(text[start - 2]))
        {
            return true;
        }

        ReadOnlySpan<char> before = text[Math.Max(0, start - 12)..start].TrimEnd(" =:.");
        return before.EndsWith("version", StringComparison.OrdinalIgnoreCase) || before.EndsWith("ver", StringComparison.OrdinalIgnoreCase);
    }
}
