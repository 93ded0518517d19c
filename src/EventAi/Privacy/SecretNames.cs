using System.Buffers;
using System.Collections.Frozen;

namespace EventAi;

/// <summary>
/// Whether a name (a variable, a configuration key, a header, a URL parameter) names a secret. The
/// name is split into words (<c>aws_secret_access_key</c>, <c>clientSecret</c>, <c>X-Api-Key</c>) and
/// its last word decides: <c>db_password</c> and <c>apiKey</c> do, <c>max_tokens</c>, <c>token_type</c>,
/// <c>sort_key</c> and <c>PublicKeyToken</c> do not.
/// </summary>
internal static class SecretNames
{
    /// <summary>Text that every secret name holds somewhere (case-insensitive): the cheap first test.</summary>
    public static readonly SearchValues<string> TriggerWords = SearchValues.Create(
        ["pass", "pwd", "secret", "token", "key", "credential", "auth"], StringComparison.OrdinalIgnoreCase);

    // A last word ending in one of these names a secret: "password", "dbpassword", "accesstoken".
    private static readonly string[] SecretEndings =
        ["password", "passwd", "pwd", "passphrase", "secret", "token", "apikey", "accesskey", "secretkey", "privatekey", "accountkey", "masterkey", "credential", "credentials"];

    // Exactly one of these as the last word: "auth", "db_pass".
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> SecretWords = Words(["pass", "auth", "authorization"]);

    // "<one of these> key": "api_key", "AccessKey", "Ocp-Apim-Subscription-Key".
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> KeyKinds = Words(
        ["api", "access", "secret", "private", "account", "master", "signing", "encryption", "shared", "subscription", "client", "sas", "storage", "app", "license", "service", "auth"]);

    // Words after the secret one that still name it: "password_hash", "token_value", "password2", "secret_key_base".
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Qualifiers = Words(
        ["value", "confirm", "confirmation", "hash", "hashed", "plain", "plaintext", "raw", "new", "old", "current", "enc", "encrypted", "b64", "base64", "base", "str", "string"]);

    // Only as URL parameters, where the name is all there is to go by: "?sig=", "&signature=", "?key=".
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> UrlOnlyWords = Words(["sig", "signature", "credential"]);

    private static FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Words(string[] words) =>
        FrozenSet.Create(StringComparer.OrdinalIgnoreCase, words).GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Whether the name names a secret.</summary>
    /// <param name="name">The name, without quotes.</param>
    /// <param name="urlParameter">Also accept what only URL parameters use: <c>sig</c>, <c>signature</c>, a bare <c>key</c>.</param>
    public static bool IsSecretName(ReadOnlySpan<char> name, bool urlParameter = false)
    {
        name = name.Trim("-.");
        Span<Range> last = stackalloc Range[4];
        int count = LastWords(name, last, out bool isPublic);
        if (count == 0 || isPublic)
        {
            return false;
        }

        // Newest word first in "last"; drop qualifiers and numbers while another word stays.
        int index = 0;
        while (index < count - 1 && (IsNumber(name[last[index]]) || Qualifiers.Contains(name[last[index]])))
        {
            index++;
        }

        ReadOnlySpan<char> word = name[last[index]];
        ReadOnlySpan<char> before = index + 1 < count ? name[last[index + 1]] : default;
        if (SecretWords.Contains(word) || EndsWithAnyOf(word, SecretEndings))
        {
            return true;
        }

        if (word.Equals("key", StringComparison.OrdinalIgnoreCase))
        {
            return KeyKinds.Contains(before) || (urlParameter && index + 1 == count);
        }

        return urlParameter && UrlOnlyWords.Contains(word);
    }

    /// <summary>The last words of a name, newest first, and whether any word is <c>public</c>.</summary>
    private static int LastWords(ReadOnlySpan<char> name, Span<Range> last, out bool isPublic)
    {
        isPublic = false;
        int count = 0;
        int start = -1;
        for (int i = 0; i <= name.Length; i++)
        {
            if (start >= 0 && (i == name.Length || IsWordBreak(name, i)))
            {
                // Shift the window: keep the newest words at the front.
                for (int k = Math.Min(count, last.Length - 1); k > 0; k--)
                {
                    last[k] = last[k - 1];
                }

                last[0] = start..i;
                count = Math.Min(count + 1, last.Length);
                isPublic |= name[start..i].Equals("public", StringComparison.OrdinalIgnoreCase);
                start = -1;
            }

            if (i < name.Length && start < 0 && char.IsLetterOrDigit(name[i]))
            {
                start = i;
            }
        }

        return count;
    }

    /// <summary>Whether a word ends before position <paramref name="i"/>: a separator, a case change or a letter-digit change.</summary>
    private static bool IsWordBreak(ReadOnlySpan<char> name, int i)
    {
        char c = name[i];
        if (!char.IsLetterOrDigit(c))
        {
            return true;
        }

        char previous = name[i - 1];
        if (char.IsDigit(c) != char.IsDigit(previous))
        {
            return true;
        }

        // "apiKey" -> api|Key; "APIKey" -> API|Key.
        return char.IsUpper(c) && (char.IsLower(previous) || (char.IsUpper(previous) && i + 1 < name.Length && char.IsLower(name[i + 1])));
    }

    private static bool IsNumber(ReadOnlySpan<char> word) => !word.IsEmpty && !word.ContainsAnyExceptInRange('0', '9');

    private static bool EndsWithAnyOf(ReadOnlySpan<char> word, string[] endings)
    {
        foreach (string ending in endings)
        {
            if (word.EndsWith(ending, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
