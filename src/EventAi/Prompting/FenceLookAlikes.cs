using System.Buffers;
using System.Globalization;
using System.Text;

namespace EventAi;

/// <summary>
/// Finds text in the description JSON that a model could read as the fence tag: a <c>&lt;</c> (or a
/// character that looks like one), optional spaces, an optional <c>/</c> (or a look-alike), optional
/// spaces, then a name that reads as <c>event_description</c> once normalised (NFKC, case folded,
/// zero-width characters and combining marks dropped, Cyrillic and Greek letters that look Latin read as
/// Latin). Its bracket and slash are escaped as <c>\uXXXX</c>: the JSON reads the same, but the text no
/// longer opens or closes the fence.
/// </summary>
internal static class FenceLookAlikes
{
    private const string Name = SystemPrompt.FenceTag;

    // '<' and what NFKC turns into it or what renders like it.
    private static readonly SearchValues<char> Brackets = SearchValues.Create(
        "<\uFE64\uFF1C\u2039\u3008\u2329\u27E8\u276E\u02C2\u1438\u226E");

    // '/' and what NFKC turns into it or what renders like it.
    private static readonly SearchValues<char> Slashes = SearchValues.Create("/\uFF0F\u2044\u2215\u29F8\u2571\u30CE");

    // Letters that look like the Latin ones of the tag name (Unicode confusables), upper and lower case.
    private static readonly Dictionary<int, char> LatinLookAlikes = new()
    {
        [0x0430] = 'a', [0x0410] = 'a', [0x03B1] = 'a', [0x0391] = 'a', [0x0251] = 'a',
        [0x0441] = 'c', [0x0421] = 'c', [0x03F2] = 'c', [0x03F9] = 'c',
        [0x0501] = 'd', [0x0500] = 'd',
        [0x0435] = 'e', [0x0415] = 'e', [0x0395] = 'e', [0x04BD] = 'e', [0x0454] = 'e',
        [0x0456] = 'i', [0x0406] = 'i', [0x03B9] = 'i', [0x0399] = 'i', [0x0131] = 'i', [0x04CF] = 'i', [0x04C0] = 'i', [0x0269] = 'i',
        [0x039D] = 'n', [0x0578] = 'n', [0x057C] = 'n',
        [0x043E] = 'o', [0x041E] = 'o', [0x03BF] = 'o', [0x039F] = 'o', [0x0585] = 'o', [0x03C3] = 'o',
        [0x0440] = 'p', [0x0420] = 'p', [0x03C1] = 'p', [0x03A1] = 'p',
        [0x0433] = 'r',
        [0x0455] = 's', [0x0405] = 's',
        [0x0442] = 't', [0x0422] = 't', [0x03C4] = 't', [0x03A4] = 't',
        [0x03BD] = 'v', [0x0475] = 'v', [0x0474] = 'v',
    };

    /// <summary>The JSON with every look-alike of the fence tag escaped; the same string when there is none.</summary>
    public static string Neutralize(string json)
    {
        StringBuilder? result = null;
        int copied = 0;
        int from = 0;
        while (from < json.Length)
        {
            int bracket = json.AsSpan(from).IndexOfAny(Brackets);
            if (bracket < 0)
            {
                break;
            }

            bracket += from;
            from = bracket + 1;
            if (!IsTag(json, bracket, out int slash))
            {
                continue;
            }

            result ??= new StringBuilder(json.Length + 32);
            result.Append(json, copied, bracket - copied);
            AppendEscaped(result, json[bracket]);
            if (slash >= 0)
            {
                result.Append(json, bracket + 1, slash - bracket - 1);
                AppendEscaped(result, json[slash]);
                copied = slash + 1;
            }
            else
            {
                copied = bracket + 1;
            }
        }

        return result is null ? json : result.Append(json, copied, json.Length - copied).ToString();
    }

    // Each scan stops at the first character that is neither space, slash nor part of the name, and a
    // bracket is none of these: scans from successive brackets never overlap, so the whole pass is linear.
    private static bool IsTag(string json, int bracket, out int slash)
    {
        slash = -1;
        int at = SkipSpaces(json, bracket + 1);
        if (at < json.Length && Slashes.Contains(json[at]))
        {
            slash = at;
            at = SkipSpaces(json, at + 1);
        }
        else if (at + 1 < json.Length && json[at] == '\\' && json[at + 1] == '/')
        {
            at = SkipSpaces(json, at + 2); // JSON's own escape of '/'; the escaped bracket is enough
        }

        int matched = 0;
        while (matched < Name.Length && at < json.Length)
        {
            if (Rune.DecodeFromUtf16(json.AsSpan(at), out Rune rune, out int length) != OperationStatus.Done)
            {
                return false;
            }

            at += length;
            foreach (char c in Fold(rune))
            {
                if (matched == Name.Length || c != Name[matched])
                {
                    return false;
                }

                matched++;
            }
        }

        return matched == Name.Length;
    }

    private static int SkipSpaces(string json, int at)
    {
        while (at < json.Length)
        {
            if (char.IsWhiteSpace(json[at]) || (Rune.TryGetRuneAt(json, at, out Rune rune) && IsIgnorable(rune)))
            {
                at += char.IsSurrogate(json[at]) ? 2 : 1;
            }
            else if (json[at] == '\\' && at + 1 < json.Length && json[at + 1] is 'n' or 'r' or 't' or 'b' or 'f')
            {
                at += 2; // a JSON escape of a space character reads as one
            }
            else
            {
                break;
            }
        }

        return at;
    }

    /// <summary>How the character reads in a tag name: lower-case Latin where it looks Latin, nothing when invisible.</summary>
    private static string Fold(Rune rune)
    {
        if (rune.IsAscii)
        {
            return ((char)Rune.ToLowerInvariant(rune).Value).ToString();
        }

        if (IsIgnorable(rune))
        {
            return string.Empty;
        }

        if (LatinLookAlikes.TryGetValue(rune.Value, out char latin))
        {
            return latin.ToString();
        }

        string normalized = rune.ToString().Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var folded = new StringBuilder(normalized.Length);
        foreach (Rune part in normalized.EnumerateRunes())
        {
            if (part.IsAscii)
            {
                folded.Append((char)part.Value);
            }
            else if (LatinLookAlikes.TryGetValue(part.Value, out char mapped))
            {
                folded.Append(mapped);
            }
            else if (!IsIgnorable(part))
            {
                folded.Append('\uFFFD');
            }
        }

        return folded.ToString();
    }

    // Zero-width and format characters, combining marks and the Hangul fillers render as nothing (or
    // nothing that changes how a tag reads).
    private static bool IsIgnorable(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark
        || rune.Value is 0x115F or 0x1160 or 0x3164 or 0xFFA0;

    private static void AppendEscaped(StringBuilder builder, char c) =>
        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
}
