using System.Globalization;
using System.Text;
using System.Text.Json;
using CsCheck;
using EventAi.Json;
using EventAi.Tests.TestSupport;

namespace EventAi.Tests.Describing;

/// <summary>
/// The parts of the engine against references: the escape and string masks against a byte-by-byte
/// walk, validation against <see cref="Utf8JsonReader"/>, decoding, number and value equality against
/// <see cref="JsonElement"/>.
/// </summary>
public sealed class JsonEngineTests
{
    private const int Cases = 2000;

    [Test]
    public void Escaped_bytes_match_a_byte_by_byte_walk_across_blocks()
    {
        SeededProperty.Check(
            Gen.OneOfConst('\\', '"', 'a').Array[0, 400],
            text =>
            {
                bool[] expected = new bool[text.Length];
                for (int i = 1; i < text.Length; i++)
                {
                    expected[i] = text[i - 1] == '\\' && !expected[i - 1];
                }

                ulong carry = 0;
                for (int block = 0; block < text.Length; block += 64)
                {
                    ulong backslashes = 0;
                    for (int i = block; i < Math.Min(block + 64, text.Length); i++)
                    {
                        backslashes |= text[i] == '\\' ? 1UL << (i - block) : 0;
                    }

                    (ulong escaped, carry) = StructuralIndexer.Escaped(backslashes, carry);
                    for (int i = block; i < Math.Min(block + 64, text.Length); i++)
                    {
                        if (((escaped >> (i - block)) & 1) == 1 != expected[i])
                        {
                            return false;
                        }
                    }
                }

                return true;
            },
            seed: 11,
            cases: Cases);
    }

    [Test]
    public void Prefix_xor_sets_each_bit_to_the_parity_of_the_bits_up_to_it()
    {
        SeededProperty.Check(
            Gen.ULong,
            bits =>
            {
                ulong expected = 0;
                bool parity = false;
                for (int i = 0; i < 64; i++)
                {
                    parity ^= ((bits >> i) & 1) == 1;
                    expected |= parity ? 1UL << i : 0;
                }

                return StructuralIndexer.PrefixXor(bits) == expected;
            },
            seed: 12,
            cases: Cases);
    }

    [Test]
    public void The_scanner_accepts_exactly_the_valid_utf8_that_utf8_json_reader_accepts_and_names_the_same_line()
    {
        byte[][] corpus = [.. SharedCorpus.LoadSamples().Select(sample => sample.Json)];
        Gen<byte[]> mutated = Gen.Select(Gen.Int[0, corpus.Length - 1], Gen.Int[0, int.MaxValue], Gen.Int[0, 3], Gen.OneOfConst("{}[],:\"\\ 0-.eEtfnu\u00e9x\t\n"u8.ToArray()).Array[1, 3])
            .Select(c => Mutate(corpus[c.Item1], c.Item2, c.Item3, c.Item4));
        int rejected = 0;
        SeededProperty.Check(
            mutated,
            json =>
            {
                // Utf8JsonReader does not check UTF-8 inside strings; the scanner checks every byte.
                bool reader = ReaderAccepts(json) && System.Text.Unicode.Utf8.IsValid(json);
                bool scanner = ScannerAccepts(json);
                rejected += scanner ? 0 : 1;

                // Where both reject, the describer names the line the reader names.
                return reader == scanner && (reader || !System.Text.Unicode.Utf8.IsValid(json) || ReaderLine(json) == DescriberLine(json));
            },
            seed: 13,
            cases: Cases);

        Assert.That(rejected, Is.InRange(Cases / 4, Cases * 9 / 10), "mutations must give both valid and invalid input");
    }

    [Test]
    public void Decoding_gives_what_json_element_gives_and_replaces_lone_surrogates()
    {
        Gen<string> text = Gen.String[Gen.Char.Where(c => !char.IsSurrogate(c)), 0, 40].Select(s => s + "é😀/\"\\\b\f\n\r\t\u0001");
        SeededProperty.Check(
            text,
            s =>
            {
                byte[] json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(s).Replace("/", "\\/", StringComparison.Ordinal));
                byte[] decoded = new byte[json.Length];
                int length = JsonString.Unescape(json.AsSpan(1, json.Length - 2), decoded);
                return Encoding.UTF8.GetString(decoded, 0, length) == JsonDocument.Parse(json).RootElement.GetString();
            },
            seed: 14,
            cases: Cases);

        byte[] lone = new byte[32];
        int written = JsonString.Unescape(@"a\ud800b\udc00\ud83d\ude00\ud83d"u8, lone);
        Assert.That(Encoding.UTF8.GetString(lone, 0, written), Is.EqualTo("a\uFFFDb\uFFFD😀\uFFFD"));
    }

    [Test]
    public void Numbers_are_equal_when_json_element_deep_equals_says_so()
    {
        Gen<string> number = Gen.Select(Gen.Bool, Gen.OneOfConst("0", "1", "10", "100", "01"), Gen.OneOfConst("", ".0", ".5", ".50", ".05"), Gen.OneOfConst("", "e0", "e1", "E-1", "e+2", "e-0"))
            .Select(p => (p.Item1 ? "-" : "") + (p.Item2 == "01" ? "1" : p.Item2) + p.Item3 + p.Item4);
        SeededProperty.Check(
            Gen.Select(number, number),
            pair =>
            {
                bool expected = JsonElement.DeepEquals(JsonDocument.Parse(pair.Item1).RootElement, JsonDocument.Parse(pair.Item2).RootElement);
                byte[] left = Encoding.UTF8.GetBytes(pair.Item1);
                byte[] right = Encoding.UTF8.GetBytes(pair.Item2);
                return JsonNumber.DecimalEquals(left, right) == expected && (!expected || JsonNumber.Hash(left) == JsonNumber.Hash(right));
            },
            seed: 15,
            cases: Cases);
    }

    [Test]
    public void Values_are_equal_when_json_element_deep_equals_says_so()
    {
        Gen<string> scalar = Gen.OneOfConst("1", "1.0", "2", "\"a\"", "\"\\u0061\"", "\"b\"", "true", "false", "null");
        Gen<string> value = Gen.Recursive<string>((depth, inner) => depth > 2
            ? scalar
            : Gen.Frequency(
                (3, scalar),
                (1, inner.Array[0, 3].Select(items => "[" + string.Join(",", items) + "]")),
                (2, Gen.Select(Gen.OneOfConst("a", "b", "\\u0061"), inner).Array[0, 3]
                    .Select(members => "{" + string.Join(",", members.Select(m => $"\"{m.Item1}\":{m.Item2}")) + "}"))));
        int equal = 0;
        SeededProperty.Check(
            Gen.Select(value, value),
            pair =>
            {
                byte[] json = Encoding.UTF8.GetBytes($"[{pair.Item1},{pair.Item2}]");
                using JsonDocument document = JsonDocument.Parse(json);
                JsonElement left = document.RootElement[0];
                JsonElement right = document.RootElement[1];
                bool expected = JsonElement.DeepEquals(left, right);
                (int leftStart, int leftEnd) = Range(json, left, 1);
                (int rightStart, int rightEnd) = Range(json, right, leftEnd + 1);
                bool actual = JsonValueEquality.Equals(json, leftStart, leftEnd, rightStart, rightEnd);
                equal += expected ? 1 : 0;
                return actual == expected
                    && (!expected || JsonValueEquality.Hash(json, leftStart, leftEnd) == JsonValueEquality.Hash(json, rightStart, rightEnd));
            },
            seed: 16,
            cases: Cases);

        Assert.That(equal, Is.GreaterThan(Cases / 40), "the generator must give equal pairs too");
    }

    private static (int Start, int End) Range(byte[] json, JsonElement element, int from)
    {
        int start = json.AsSpan(from).IndexOf(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(element)) + from;
        return (start, start + System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(element).Length);
    }

    private static byte[] Mutate(byte[] source, int position, int kind, byte[] bytes)
    {
        int at = position % (source.Length + 1);
        return kind switch
        {
            0 => [.. source[..at], .. bytes, .. source[at..]],
            1 => [.. source[..at], .. source[Math.Min(source.Length, at + bytes.Length)..]],
            2 => [.. source[..Math.Min(at, source.Length - 1)], bytes[0], .. source[Math.Min(at + 1, source.Length)..]],
            _ => source[..at],
        };
    }

    private static bool ReaderAccepts(byte[] json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = JsonScanner.MaxDepth });
        try
        {
            while (reader.Read())
            {
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static long ReaderLine(byte[] json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = JsonScanner.MaxDepth });
        try
        {
            while (reader.Read())
            {
            }

            return 0;
        }
        catch (JsonException e)
        {
            return (e.LineNumber ?? -1) + 1;
        }
    }

    private static long DescriberLine(byte[] json)
    {
        try
        {
            new EventDescriber().Describe(json);
            return 0;
        }
        catch (InvalidEventException e)
        {
            return e.LineNumber;
        }
    }

    private static bool ScannerAccepts(byte[] json)
    {
        var scanner = new JsonScanner(json, new int[256]);
        try
        {
            scanner.ReadNext();
            scanner.Skip();
            while (scanner.Read())
            {
            }

            return true;
        }
        catch (MalformedJsonException)
        {
            return false;
        }
    }
}
