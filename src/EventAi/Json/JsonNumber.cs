using System.Globalization;

namespace EventAi.Json;

/// <summary>Reads JSON number text (already checked for shape) the way <see cref="System.Text.Json.JsonElement"/> does.</summary>
internal static class JsonNumber
{
    /// <summary>
    /// Whether the number reads as zero as a <see cref="double"/> (<c>0</c>, <c>-0.0</c>, <c>0e5</c>, and
    /// also <c>1e-400</c>, which underflows), as <c>JsonElement.TryGetDouble</c> sees it.
    /// </summary>
    public static bool IsZero(ReadOnlySpan<byte> number) =>
        double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value == 0;

    /// <summary>
    /// Whether two numbers are the same decimal value, however written (<c>1</c>, <c>1.0</c>, <c>10e-1</c>;
    /// <c>-0</c> and <c>0</c>), compared digit by digit without rounding.
    /// </summary>
    public static bool DecimalEquals(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        Normalize(left, out bool leftNegative, out ReadOnlySpan<byte> leftIntegral, out ReadOnlySpan<byte> leftFraction, out long leftExponent);
        Normalize(right, out bool rightNegative, out ReadOnlySpan<byte> rightIntegral, out ReadOnlySpan<byte> rightFraction, out long rightExponent);
        int leftDigits = leftIntegral.Length + leftFraction.Length;
        if (leftNegative != rightNegative || leftExponent != rightExponent || leftDigits != rightIntegral.Length + rightFraction.Length)
        {
            return false;
        }

        for (int i = 0; i < leftDigits; i++)
        {
            if (Digit(leftIntegral, leftFraction, i) != Digit(rightIntegral, rightFraction, i))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A hash equal for numbers that are <see cref="DecimalEquals"/>.</summary>
    public static int Hash(ReadOnlySpan<byte> number)
    {
        Normalize(number, out bool negative, out ReadOnlySpan<byte> integral, out ReadOnlySpan<byte> fraction, out long exponent);
        var hash = new HashCode();
        hash.Add(negative);
        hash.Add(exponent);
        int length = integral.Length + fraction.Length;
        Span<byte> digits = length <= 128 ? stackalloc byte[length] : new byte[length];
        integral.CopyTo(digits);
        fraction.CopyTo(digits[integral.Length..]);
        hash.AddBytes(digits);
        return hash.ToHashCode();
    }

    private static byte Digit(ReadOnlySpan<byte> integral, ReadOnlySpan<byte> fraction, int i) =>
        i < integral.Length ? integral[i] : fraction[i - integral.Length];

    /// <summary>
    /// Splits a number into sign, significant digits (integral part without leading zeros and fraction
    /// without trailing zeros, read as one digit string) and the exponent of the digit string's last digit.
    /// Zero comes out as no digits, positive, exponent 0.
    /// </summary>
    private static void Normalize(ReadOnlySpan<byte> number, out bool negative, out ReadOnlySpan<byte> integral, out ReadOnlySpan<byte> fraction, out long exponent)
    {
        negative = number[0] == '-';
        if (negative)
        {
            number = number[1..];
        }

        int end = number.IndexOfAny((byte)'e', (byte)'E');
        exponent = 0;
        if (end >= 0)
        {
            ReadOnlySpan<byte> e = number[(end + 1)..];
            bool minus = e[0] == '-';
            e = e[0] is (byte)'-' or (byte)'+' ? e[1..] : e;
            e = e.TrimStart((byte)'0');

            // An exponent of more than 18 digits is beyond any real value; all such read as one.
            exponent = e.Length > 18 ? long.MaxValue / 2 : long.Parse(e.IsEmpty ? "0"u8 : e, CultureInfo.InvariantCulture);
            exponent = minus ? -exponent : exponent;
            number = number[..end];
        }

        int dot = number.IndexOf((byte)'.');
        integral = dot < 0 ? number : number[..dot];
        fraction = dot < 0 ? default : number[(dot + 1)..];
        exponent -= fraction.Length;

        // Trailing zeros of the digit string move into the exponent; leading zeros go.
        int length = fraction.Length;
        fraction = fraction.TrimEnd((byte)'0');
        exponent += length - fraction.Length;
        if (fraction.IsEmpty)
        {
            length = integral.Length;
            integral = integral.TrimEnd((byte)'0');
            exponent += length - integral.Length;
        }

        integral = integral.TrimStart((byte)'0');
        if (integral.IsEmpty)
        {
            fraction = fraction.TrimStart((byte)'0');
        }

        if (integral.IsEmpty && fraction.IsEmpty)
        {
            negative = false;
            exponent = 0;
        }
    }
}
