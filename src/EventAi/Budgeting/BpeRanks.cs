using System.IO.Compression;
using System.Reflection;
using System.Runtime.InteropServices;

namespace EventAi;

/// <summary>
/// The merge ranks of a tiktoken encoding (token bytes to rank; for these encodings the rank is the token
/// id), read from the data package the tokenizer itself is built from. Used to count long pieces with an
/// O(n log n) byte-pair encoding where the tokenizer's own is quadratic.
/// </summary>
internal sealed class BpeRanks
{
    private readonly byte[] _bytes;
    private readonly int[] _slots; // 1 + entry index, 0 when empty
    private readonly int[] _starts;
    private readonly int[] _lengths;
    private readonly int[] _ranks;
    private readonly int _mask;

    private BpeRanks(List<(byte[] Token, int Rank)> tokens)
    {
        int total = 0;
        foreach ((byte[] token, _) in tokens)
        {
            total += token.Length;
            MaxTokenBytes = Math.Max(MaxTokenBytes, token.Length);
        }

        _bytes = new byte[total];
        _starts = new int[tokens.Count];
        _lengths = new int[tokens.Count];
        _ranks = new int[tokens.Count];
        _slots = new int[(int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)tokens.Count * 2)];
        _mask = _slots.Length - 1;
        int offset = 0;
        for (int i = 0; i < tokens.Count; i++)
        {
            (byte[] token, int rank) = tokens[i];
            token.CopyTo(_bytes, offset);
            _starts[i] = offset;
            _lengths[i] = token.Length;
            _ranks[i] = rank;
            offset += token.Length;
            int slot = Hash(token) & _mask;
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & _mask;
            }

            _slots[slot] = i + 1;
        }
    }

    /// <summary>The length in bytes of the longest token: a text of n bytes is at least n / this many tokens.</summary>
    public int MaxTokenBytes { get; }

    /// <summary>Reads the ranks of an encoding from the tokenizer's data package; null when it is not there.</summary>
    /// <param name="encoding"><c>o200k_base</c> or <c>cl100k_base</c>.</param>
    public static BpeRanks? Load(string encoding)
    {
        try
        {
            string package = encoding switch
            {
                "o200k_base" => "Microsoft.ML.Tokenizers.Data.O200kBase",
                "cl100k_base" => "Microsoft.ML.Tokenizers.Data.Cl100kBase",
                _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "No data package is known for this encoding."),
            };
            Assembly data = Assembly.Load(new AssemblyName(package));
            using Stream? resource = data.GetManifestResourceStream(encoding + ".tiktoken.deflate");
            if (resource is null)
            {
                return null;
            }

            using var inflated = new DeflateStream(resource, CompressionMode.Decompress);
            using var reader = new StreamReader(inflated);
            return new BpeRanks(ReadTokens(reader));
        }
        catch (Exception e) when (e is IOException or FileNotFoundException or FileLoadException or BadImageFormatException or FormatException or InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>The rank of the bytes as one token; -1 when they are no token.</summary>
    public int RankOf(ReadOnlySpan<byte> token)
    {
        if (token.Length > MaxTokenBytes)
        {
            return -1;
        }

        int slot = Hash(token) & _mask;
        while (_slots[slot] is var entry and not 0)
        {
            int i = entry - 1;
            if (_lengths[i] == token.Length && _bytes.AsSpan(_starts[i], token.Length).SequenceEqual(token))
            {
                return _ranks[i];
            }

            slot = (slot + 1) & _mask;
        }

        return -1;
    }

    // The format the tokenizer reads: an optional "Capacity: N" line, then one base64 token per line,
    // either alone (its rank is the line number) or followed by a space and its rank.
    private static List<(byte[] Token, int Rank)> ReadTokens(StreamReader reader)
    {
        var tokens = new List<(byte[], int)>(200_000);
        string? line = reader.ReadLine();
        if (line is not null && line.StartsWith("Capacity: ", StringComparison.Ordinal))
        {
            line = reader.ReadLine();
        }

        for (int number = 0; line is not null; line = reader.ReadLine(), number++)
        {
            if (line.Length == 0)
            {
                continue;
            }

            int space = line.IndexOf(' ', StringComparison.Ordinal);
            tokens.Add(space < 0
                ? (Convert.FromBase64String(line), number)
                : (Convert.FromBase64String(line[..space]), int.Parse(line.AsSpan(space + 1), System.Globalization.CultureInfo.InvariantCulture)));
        }

        return tokens;
    }

    private static int Hash(ReadOnlySpan<byte> bytes)
    {
        // FNV-1a over 8-byte words: tokens are short, and the table is built once per process.
        ulong hash = 14695981039346656037UL;
        while (bytes.Length >= 8)
        {
            hash = (hash ^ MemoryMarshal.Read<ulong>(bytes)) * 1099511628211UL;
            bytes = bytes[8..];
        }

        foreach (byte b in bytes)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        hash ^= hash >> 29;
        return (int)hash ^ (int)(hash >> 32);
    }
}
