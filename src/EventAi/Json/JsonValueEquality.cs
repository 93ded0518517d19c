using System.Buffers;

namespace EventAi.Json;

/// <summary>
/// Compares values of scanned JSON text as <see cref="System.Text.Json.JsonElement.DeepEquals"/> does:
/// numbers by decimal value, strings by decoded text (a lone surrogate escape reads as U+FFFD), arrays
/// item by item, objects by name regardless of order (values of a repeated name in their order).
/// </summary>
/// <remarks>
/// Matching one value against many (a thread id against every thread) goes through <see cref="Hash"/>
/// first, so each value is read once and only equal hashes are compared in full: time stays linear in
/// the input however large the values. The hash is seeded per process, so collisions cannot be planted.
/// </remarks>
internal static class JsonValueEquality
{
    /// <summary>A hash of the value at <c>[start, end)</c>, equal for values that are <see cref="Equals"/>.</summary>
    public static int Hash(ReadOnlySpan<byte> json, int start, int end)
    {
        Span<int> index = stackalloc int[Math.Min(end - start + 64, 1024)];
        var scanner = new JsonScanner(json, index, start, end, checkUtf8: false);
        scanner.ReadNext();
        return HashValue(ref scanner);
    }

    /// <summary>Whether the values at <c>[aStart, aEnd)</c> and <c>[bStart, bEnd)</c> of <paramref name="json"/> are equal.</summary>
    public static bool Equals(ReadOnlySpan<byte> json, int aStart, int aEnd, int bStart, int bEnd)
    {
        byte a = json[aStart];
        byte b = json[bStart];
        if (Kind(a) != Kind(b))
        {
            return false;
        }

        return a switch
        {
            (byte)'{' or (byte)'[' => MembersEqual(json, aStart, aEnd, bStart, bEnd, byName: a == (byte)'{'),
            (byte)'"' => JsonString.RawEquals(json[(aStart + 1)..(aEnd - 1)], json[(bStart + 1)..(bEnd - 1)]),
            (byte)'t' or (byte)'f' or (byte)'n' => true,
            _ => JsonNumber.DecimalEquals(json[aStart..aEnd], json[bStart..bEnd]),
        };
    }

    // t, f and n are distinct kinds; every other scalar start is a number.
    private static byte Kind(byte first) => first is (byte)'{' or (byte)'[' or (byte)'"' or (byte)'t' or (byte)'f' or (byte)'n' ? first : (byte)'0';

    private static int HashValue(ref JsonScanner scanner)
    {
        switch (scanner.Kind)
        {
            case JsonTokenKind.StartArray:
                var items = new HashCode();
                items.Add('[');
                while (true)
                {
                    scanner.ReadNext();
                    if (scanner.Kind == JsonTokenKind.EndArray)
                    {
                        return items.ToHashCode();
                    }

                    items.Add(HashValue(ref scanner));
                }

            case JsonTokenKind.StartObject:
                // A sum does not depend on the order of the properties.
                int sum = 0;
                while (true)
                {
                    scanner.ReadNext();
                    if (scanner.Kind == JsonTokenKind.EndObject)
                    {
                        return HashCode.Combine('{', sum);
                    }

                    int name = JsonString.Hash(scanner.RawText);
                    scanner.ReadNext();
                    sum += HashCode.Combine(name, HashValue(ref scanner));
                }

            case JsonTokenKind.String:
                return JsonString.Hash(scanner.RawText);
            case JsonTokenKind.Number:
                return JsonNumber.Hash(scanner.TokenBytes);
            default:
                return HashCode.Combine(scanner.Kind);
        }
    }

    private static bool MembersEqual(ReadOnlySpan<byte> json, int aStart, int aEnd, int bStart, int bEnd, bool byName)
    {
        var left = new Members();
        var right = new Members();
        try
        {
            left.Read(json, aStart, aEnd);
            right.Read(json, bStart, bEnd);
            if (left.Count != right.Count)
            {
                return false;
            }

            int[] leftOrder = byName ? left.SortedByName() : left.InOrder();
            int[] rightOrder = byName ? right.SortedByName() : right.InOrder();
            try
            {
                for (int i = 0; i < left.Count; i++)
                {
                    Member l = left[leftOrder[i]];
                    Member r = right[rightOrder[i]];
                    if ((byName && !left.Name(l).SequenceEqual(right.Name(r))) || !Equals(json, l.ValueStart, l.ValueEnd, r.ValueStart, r.ValueEnd))
                    {
                        return false;
                    }
                }

                return true;
            }
            finally
            {
                ArrayPool<int>.Shared.Return(leftOrder);
                ArrayPool<int>.Shared.Return(rightOrder);
            }
        }
        finally
        {
            left.Dispose();
            right.Dispose();
        }
    }

    private readonly record struct Member(int NameStart, int NameLength, int ValueStart, int ValueEnd);

    /// <summary>The members of one object or array, with the names decoded into one buffer.</summary>
    private struct Members : IDisposable
    {
        private PooledList<Member> _members;
        private byte[] _names;
        private int _namesLength;

        public Members()
        {
            _members = new PooledList<Member>(8);
            _names = [];
        }

        public readonly int Count => _members.Count;

        public readonly Member this[int i] => _members[i];

        public readonly ReadOnlySpan<byte> Name(Member member) => _names.AsSpan(member.NameStart, member.NameLength);

        public void Read(ReadOnlySpan<byte> json, int start, int end)
        {
            Span<int> index = stackalloc int[Math.Min(end - start + 64, 1024)];
            var scanner = new JsonScanner(json, index, start, end, checkUtf8: false);
            scanner.ReadNext();
            int depth = scanner.Depth;
            int nameStart = 0;
            int nameLength = 0;
            while (true)
            {
                scanner.ReadNext();
                if (scanner.Depth < depth)
                {
                    return;
                }

                if (scanner.Kind == JsonTokenKind.PropertyName)
                {
                    ReadOnlySpan<byte> raw = scanner.RawText;
                    Reserve(raw.Length);
                    nameStart = _namesLength;
                    nameLength = JsonString.Unescape(raw, _names.AsSpan(_namesLength));
                    _namesLength += nameLength;
                    continue;
                }

                int valueStart = scanner.Start;
                scanner.Skip();
                _members.Add(new Member(nameStart, nameLength, valueStart, scanner.End));
            }
        }

        public readonly int[] InOrder()
        {
            int[] order = ArrayPool<int>.Shared.Rent(Math.Max(1, Count));
            for (int i = 0; i < Count; i++)
            {
                order[i] = i;
            }

            return order;
        }

        /// <summary>Member positions sorted by name, then by position, so repeated names keep their order.</summary>
        public readonly int[] SortedByName()
        {
            int[] order = InOrder();
            Members self = this;
            order.AsSpan(0, Count).Sort((x, y) =>
            {
                int byName = self.Name(self[x]).SequenceCompareTo(self.Name(self[y]));
                return byName != 0 ? byName : x.CompareTo(y);
            });
            return order;
        }

        public void Dispose()
        {
            _members.Dispose();
            if (_names.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_names);
            }
        }

        private void Reserve(int more)
        {
            if (_names.Length - _namesLength >= more)
            {
                return;
            }

            byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Max(_names.Length * 2, _namesLength + more));
            _names.AsSpan(0, _namesLength).CopyTo(larger);
            if (_names.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_names);
            }

            _names = larger;
        }
    }
}
