using System.Buffers;

namespace EventAi;

/// <summary>
/// Counts the tokens byte-pair encoding gives one piece, as tiktoken does (merge the adjacent pair whose
/// joined bytes have the lowest rank, the leftmost of equal ranks, until no pair is a token), with a
/// priority queue: O(n log n) where the tokenizer's own loop is O(n²) on a long piece.
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
        var queue = new PriorityQueue<int, long>(n);
        try
        {
            for (int i = 0; i < n; i++)
            {
                next[i] = i + 1;
                previous[i] = i - 1;
                pairRank[i] = i + 2 <= n ? ranks.RankOf(piece[i..(i + 2)]) : -1;
                if (pairRank[i] >= 0)
                {
                    queue.Enqueue(i, Priority(pairRank[i], i));
                }
            }

            int parts = n;
            while (queue.TryDequeue(out int left, out long priority))
            {
                // A pair changes whenever a neighbour merges; its old queue entry then no longer matches.
                if (pairRank[left] != (int)(priority >> 32))
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
                    queue.Enqueue(left, Priority(pairRank[left], left));
                }

                int before = previous[left];
                if (before >= 0)
                {
                    pairRank[before] = ranks.RankOf(piece[before..after]);
                    if (pairRank[before] >= 0)
                    {
                        queue.Enqueue(before, Priority(pairRank[before], before));
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
        }
    }

    // Lowest rank first; of equal ranks, the leftmost.
    private static long Priority(int rank, int start) => ((long)rank << 32) | (uint)start;
}
