namespace EventAi;

/// <summary>
/// The positions of one kind of frame in a stack, in order, as a Fenwick tree: the position of the
/// r-th one still there and removing one each take O(log n).
/// </summary>
internal sealed class RankedPositions
{
    private readonly int[] _tree;
    private readonly int _highestBit;

    public RankedPositions(bool[] isApp, bool app)
    {
        _tree = new int[isApp.Length + 1];
        for (int i = 0; i < isApp.Length; i++)
        {
            if (isApp[i] == app)
            {
                Count++;
                for (int at = i + 1; at < _tree.Length; at += at & -at)
                {
                    _tree[at]++;
                }
            }
        }

        _highestBit = isApp.Length == 0 ? 0 : 1 << (31 - System.Numerics.BitOperations.LeadingZeroCount((uint)isApp.Length));
    }

    /// <summary>How many are still there.</summary>
    public int Count { get; private set; }

    /// <summary>The position of the one of that rank (0 is the first still there).</summary>
    public int PositionOf(int rank)
    {
        int position = 0;
        int remaining = rank + 1;
        for (int bit = _highestBit; bit > 0; bit >>= 1)
        {
            int next = position + bit;
            if (next < _tree.Length && _tree[next] < remaining)
            {
                position = next;
                remaining -= _tree[next];
            }
        }

        return position; // 1-based 'position + 1' holds it, so the 0-based position is 'position'
    }

    /// <summary>Removes the one at a position.</summary>
    public void Remove(int position)
    {
        Count--;
        for (int at = position + 1; at < _tree.Length; at += at & -at)
        {
            _tree[at]--;
        }
    }
}
