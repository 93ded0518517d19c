using System.Buffers;
using System.Collections.Frozen;

namespace EventAi;

/// <summary>
/// Whether an unquoted value after a secret name is a literal worth removing or code that only
/// names one: <c>password=hunter2</c> is a secret, <c>password = request.form['password']</c>,
/// <c>token=None</c>, <c>api_key=${API_KEY}</c> and <c>password: string</c> are not.
/// </summary>
internal static class SecretValues
{
    private static readonly SearchValues<char> CodeCharacters = SearchValues.Create("()[]{}<>$`\\\"'");

    private static readonly SearchValues<char> OperatorCharacters = SearchValues.Create("+-*/%|&?:=!<>~^");

    // What the rules write in place of what they remove.
    private static readonly SearchValues<string> Replacements = SearchValues.Create(
        ["[secret]", "[jwt]", "[privatekey]", "[publickey]", "[email]", "[ip]", "[user]", "[creditcard]", "[iban]", "[ssn]", "[phone]", "[redacted]"],
        StringComparison.Ordinal);

    private static readonly SearchValues<char> MaskCharacters = SearchValues.Create("*xX•.-_#");

    // Values that are a keyword, a type or a placeholder, not a secret.
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Keywords = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
    [
        "null", "nil", "none", "undefined", "true", "false", "yes", "no", "on", "off", "empty", "required", "optional",
        "string", "str", "bytes", "int", "integer", "number", "bool", "boolean", "any", "object", "unknown",
        "redacted", "filtered", "hidden", "masked", "sensitive", "omitted", "removed", "unset", "default", "self", "this",
        "and", "or", "not", "if", "else", "in", "is", "await", "new", "return",
    ]).GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Whether an earlier rule already removed the secret part of the value ("Bearer [secret]").</summary>
    public static bool HoldsRedaction(ReadOnlySpan<char> value) => value.IndexOfAny(Replacements) >= 0;

    /// <summary>An empty value, a keyword, a mask such as <c>****</c>, or a template such as <c>{0}</c>, <c>${X}</c> or <c>%s</c>.</summary>
    public static bool IsPlaceholder(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty || value[0] is '{' or '$' or '[' or '<' or '(' || (value[0] == '%' && value.Length > 1 && (char.IsAsciiLetter(value[1]) || value[1] == '(')))
        {
            return true;
        }

        return (value.Length >= 3 && !value.ContainsAnyExcept(MaskCharacters)) || Keywords.Contains(value);
    }

    /// <summary>
    /// A placeholder, or code: a call, an index, an interpolation, a member access (<c>self.token</c>),
    /// an expression (<c>a + b</c>), or a variable that itself names a secret (<c>password=password</c>).
    /// </summary>
    public static bool LooksLikeCode(ReadOnlySpan<char> value)
    {
        if (IsPlaceholder(value) || value.ContainsAny(CodeCharacters))
        {
            return true;
        }

        if (value.ContainsAny(' ', '\t'))
        {
            foreach (Range part in value.SplitAny(' ', '\t'))
            {
                ReadOnlySpan<char> word = value[part];
                if (!word.IsEmpty && (!word.ContainsAnyExcept(OperatorCharacters) || IsPlaceholder(word)))
                {
                    return true;
                }
            }

            return false;
        }

        return IsMemberAccess(value) || (IsIdentifier(value) && SecretNames.IsSecretName(value));
    }

    /// <summary>Only letters and underscores (and blanks between words): an identifier or prose, not a generated secret.</summary>
    public static bool IsLettersOnly(ReadOnlySpan<char> value)
    {
        foreach (char c in value)
        {
            if (!char.IsLetter(c) && c is not '_' and not ' ' and not '\t')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsIdentifier(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty || char.IsDigit(value[0]))
        {
            return false;
        }

        foreach (char c in value)
        {
            if (!TextScan.IsWordChar(c))
            {
                return false;
            }
        }

        return true;
    }

    // "self.token", "os.environ", "settings.SECRET_KEY", "Config::KEY", "$this->token": words joined by . :: ->.
    private static bool IsMemberAccess(ReadOnlySpan<char> value)
    {
        int parts = 0;
        int start = 0;
        for (int i = 0; i <= value.Length; i++)
        {
            int separator = i == value.Length ? 0
                : value[i] == '.' ? 1
                : value[i..].StartsWith("::") || value[i..].StartsWith("->") ? 2
                : -1;
            if (separator < 0)
            {
                continue;
            }

            ReadOnlySpan<char> part = value[start..i];
            if (part.IsEmpty || !IsLettersOnly(part) || part.ContainsAny(' ', '\t'))
            {
                return false;
            }

            parts++;
            i += Math.Max(separator - 1, 0);
            start = i + 1;
        }

        return parts >= 2;
    }
}
