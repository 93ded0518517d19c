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
    private readonly Slot[] _slots; // open addressing; a slot with Length 0 is empty
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
        _slots = new Slot[(int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)tokens.Count * 2)];
        _mask = _slots.Length - 1;
        int offset = 0;
        foreach ((byte[] token, int rank) in tokens)
        {
            token.CopyTo(_bytes, offset);
            uint hash = Hash(token);
            int slot = (int)hash & _mask;
            while (_slots[slot].Length != 0)
            {
                slot = (slot + 1) & _mask;
            }

            _slots[slot] = new Slot(hash, offset, token.Length, rank);
            offset += token.Length;
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
        if (token.Length > MaxTokenBytes || token.IsEmpty)
        {
            return -1;
        }

        uint hash = Hash(token);
        for (int slot = (int)hash & _mask; _slots[slot].Length != 0; slot = (slot + 1) & _mask)
        {
            ref readonly Slot entry = ref _slots[slot];
            if (entry.Hash == hash && entry.Length == token.Length && _bytes.AsSpan(entry.Start, entry.Length).SequenceEqual(token))
            {
                return entry.Rank;
            }
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

    private static uint Hash(ReadOnlySpan<byte> bytes)
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

        return (uint)(hash ^ (hash >> 32));
    }

    /// <summary>One token: the hash of its bytes, where they are, how many, and its rank.</summary>
    private readonly record struct Slot(uint Hash, int Start, int Length, int Rank);
}
