using System.Buffers;

namespace EventAi;

/// <summary>
/// Counts the tokens byte-pair encoding gives one piece, as tiktoken does (merge the adjacent pair whose
/// joined bytes have the lowest rank, the leftmost of equal ranks, until no pair is a token), with a
/// binary heap: O(n log n) where the tokenizer's own loop is O(n²) on a long piece.
/// </summary>
internal static class BytePairCounter
{
    public static int Count(ReadOnlySpan<byte> piece, BpeRanks ranks)
    {
        int n = piece.Length;
        if (n <= 1 || ranks.RankOf(piece) >= 0)
        {
            return Math.Min(n, 1);
        }

        int[] next = ArrayPool<int>.Shared.Rent(n);
        int[] previous = ArrayPool<int>.Shared.Rent(n);
        int[] pairRank = ArrayPool<int>.Shared.Rent(n);
        long[] heap = ArrayPool<long>.Shared.Rent(3 * n);
        try
        {
            int size = 0;
            for (int i = 0; i < n; i++)
            {
                next[i] = i + 1;
                previous[i] = i - 1;
                pairRank[i] = i + 2 <= n ? ranks.RankOf(piece[i..(i + 2)]) : -1;
                if (pairRank[i] >= 0)
                {
                    heap[size++] = Priority(pairRank[i], i);
                }
            }

            for (int i = (size / 2) - 1; i >= 0; i--)
            {
                SiftDown(heap, size, i);
            }

            int parts = n;
            while (size > 0)
            {
                long top = heap[0];
                heap[0] = heap[--size];
                SiftDown(heap, size, 0);
                int left = (int)(uint)top;

                // A pair changes whenever a neighbour merges; its old heap entry then no longer matches.
                if (pairRank[left] != (int)(top >> 32))
                {
                    continue;
                }

                int right = next[left];
                int after = next[right];
                next[left] = after;
                if (after < n)
                {
                    previous[after] = left;
                }

                pairRank[right] = -1;
                parts--;
                pairRank[left] = after < n ? ranks.RankOf(piece[left..next[after]]) : -1;
                if (pairRank[left] >= 0)
                {
                    Push(heap, ref size, Priority(pairRank[left], left));
                }

                int before = previous[left];
                if (before >= 0)
                {
                    pairRank[before] = ranks.RankOf(piece[before..after]);
                    if (pairRank[before] >= 0)
                    {
                        Push(heap, ref size, Priority(pairRank[before], before));
                    }
                }
            }

            return parts;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(next);
            ArrayPool<int>.Shared.Return(previous);
            ArrayPool<int>.Shared.Return(pairRank);
            ArrayPool<long>.Shared.Return(heap);
        }
    }

    // Lowest rank first; of equal ranks, the leftmost.
    private static long Priority(int rank, int start) => ((long)rank << 32) | (uint)start;

    private static void Push(long[] heap, ref int size, long value)
    {
        int at = size++;
        while (at > 0)
        {
            int parent = (at - 1) / 2;
            if (heap[parent] <= value)
            {
                break;
            }

            heap[at] = heap[parent];
            at = parent;
        }

        heap[at] = value;
    }

    private static void SiftDown(long[] heap, int size, int at)
    {
        long value = heap[at];
        while (true)
        {
            int child = (2 * at) + 1;
            if (child >= size)
            {
                break;
            }

            if (child + 1 < size && heap[child + 1] < heap[child])
            {
                child++;
            }

            if (heap[child] >= value)
            {
                break;
            }

            heap[at] = heap[child];
            at = child;
        }

        heap[at] = value;
    }
}
