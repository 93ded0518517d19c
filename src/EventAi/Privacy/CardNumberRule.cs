namespace EventAi;

/// <summary>
/// Card numbers of the major networks (Visa, Mastercard, Amex, Discover, JCB, Diners): 13-19 digits
/// in one run, in groups of four (<c>4111 1111 1111 1111</c>, <c>5500-0000-0000-0004</c>), Amex 4-6-5
/// (<c>3782 822463 10005</c>) or Diners 4-6-4, that pass the Luhn check; and, as Sentry Relay's
/// <c>@creditcard</c> rule does, any 16-digit Visa, Mastercard or Discover and 15-digit Amex number
/// whatever its check digit or grouping. Numbers inside a version, an id or a word are not cards.
/// </summary>
internal sealed class CardNumberRule : ScrubRule
{
    private const int MaxDigits = 19;

    public CardNumberRule()
        : base(nameof(ScrubRules.CreditCard))
    {
    }

    public override bool MayMatch(TextTraits traits) => traits.HasFlag(TextTraits.Digit);

    public override bool MayMatch(ReadOnlySpan<char> text) => TextScan.HasDigitRun(text, 4);

    public override void Find(ReadOnlySpan<char> text, ref Redactions found)
    {
        Span<int> starts = stackalloc int[MaxDigits];
        Span<int> lengths = stackalloc int[MaxDigits];
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

            // A card starts a number: not after a word character, nor a dot or dash after one ("v1.4111...", "id-4111...").
            if (TextScan.IsWordCharAt(text, start - 1) || (start > 0 && text[start - 1] is '.' or '-' && TextScan.IsWordCharAt(text, start - 2)))
            {
                position = SkipDigits(text, start);
                continue;
            }

            int groups = ReadGroups(text, start, starts, lengths);
            int end = CardEnd(text, starts, lengths, groups);
            if (end > 0)
            {
                found.Add(text, start, end - start, "[creditcard]");
                position = end;
            }
            else
            {
                position = starts[0] + lengths[0];
            }
        }
    }

    /// <summary>Reads digit groups separated by one blank or dash, as many as a card can have; returns how many.</summary>
    private static int ReadGroups(ReadOnlySpan<char> text, int start, Span<int> starts, Span<int> lengths)
    {
        int count = 0;
        int i = start;
        while (count < starts.Length)
        {
            int end = SkipDigits(text, i);
            starts[count] = i;
            lengths[count] = end - i;
            count++;
            if (end - i > MaxDigits || end + 1 >= text.Length || text[end] is not ' ' and not '-' || !char.IsAsciiDigit(text[end + 1]))
            {
                break;
            }

            i = end + 1;
        }

        return count;
    }

    /// <summary>The end of the longest prefix of the groups that is a card, or -1.</summary>
    private static int CardEnd(ReadOnlySpan<char> text, ReadOnlySpan<int> starts, ReadOnlySpan<int> lengths, int groups)
    {
        Span<char> digits = stackalloc char[MaxDigits];
        for (int last = groups - 1; last >= 0; last--)
        {
            int end = starts[last] + lengths[last];
            int total = 0;
            for (int g = 0; g <= last; g++)
            {
                total += lengths[g];
            }

            if (total is < 13 or > MaxDigits || TextScan.IsWordCharAt(text, end) || TextScan.ContinuesNumber(text, end))
            {
                continue;
            }

            int count = 0;
            for (int g = 0; g <= last; g++)
            {
                text.Slice(starts[g], lengths[g]).CopyTo(digits[count..]);
                count += lengths[g];
            }

            ReadOnlySpan<char> number = digits[..count];
            if ((IsCardShape(lengths[..(last + 1)]) && HasCardPrefix(number) && PassesLuhn(number)) || IsRelayCard(number, lengths[0]))
            {
                return end;
            }
        }

        return -1;
    }

    // Relay's shape: Visa 4, Mastercard 51-55, Discover 65 and 6011 with 16 digits, Amex 34/37 with 15,
    // the first four (Amex three) digits together.
    private static bool IsRelayCard(ReadOnlySpan<char> number, int firstGroup)
    {
        bool amex = number[0] == '3' && number[1] is '4' or '7';
        bool sixteen = number[0] == '4' || (number[0] == '5' && number[1] is >= '1' and <= '5') || number.StartsWith("65") || number.StartsWith("6011");
        return (amex && number.Length == 15 && firstGroup >= 3) || (sixteen && number.Length == 16 && firstGroup >= 4);
    }

    private static bool IsCardShape(ReadOnlySpan<int> lengths)
    {
        int total = 0;
        foreach (int length in lengths)
        {
            total += length;
        }

        if (total is < 13 or > MaxDigits)
        {
            return false;
        }

        if (lengths.Length == 1)
        {
            return true;
        }

        if (lengths[0] != 4)
        {
            return false;
        }

        if (lengths.Length == 3 && lengths[1] == 6 && lengths[2] is 4 or 5)
        {
            return true;
        }

        foreach (int length in lengths[1..])
        {
            if (length is not 3 and not 4)
            {
                return false;
            }
        }

        return lengths.Length >= 3;
    }

    private static int SkipDigits(ReadOnlySpan<char> text, int index)
    {
        while (index < text.Length && char.IsAsciiDigit(text[index]))
        {
            index++;
        }

        return index;
    }

    // Visa 4, Mastercard 51-55 and 2221-2720, Amex 34/37, Diners 30/36/38/39, Discover 6011/65, JCB 35.
    private static bool HasCardPrefix(ReadOnlySpan<char> digits)
    {
        int two = ((digits[0] - '0') * 10) + (digits[1] - '0');
        return digits[0] == '4'
            || two is >= 51 and <= 55 or >= 22 and <= 27 or 34 or 37 or 30 or 36 or 38 or 39 or 35 or 65
            || digits.StartsWith("6011");
    }

    private static bool PassesLuhn(ReadOnlySpan<char> digits)
    {
        int sum = 0;
        for (int i = digits.Length - 1, position = 0; i >= 0; i--, position++)
        {
            int digit = digits[i] - '0';
            if (position % 2 == 1)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }

            sum += digit;
        }

        return sum % 10 == 0;
    }
}
