using System.Buffers;

namespace EventAi.Json;

/// <summary>A list over a pooled array for the short-lived lists of one describe call.</summary>
internal struct PooledList<T> : IDisposable
{
    private T[] _items;
    private int _count;

    public PooledList(int capacity)
    {
        _items = capacity == 0 ? [] : ArrayPool<T>.Shared.Rent(capacity);
        _count = 0;
    }

    public readonly int Count => _count;

    public readonly ReadOnlySpan<T> Span => _items.AsSpan(0, _count);

    /// <summary>The item at <paramref name="index"/>, by reference.</summary>
    public readonly ref T this[int index] => ref _items.AsSpan(0, _count)[index];

    /// <summary>Drops the items from <paramref name="count"/> on.</summary>
    public void Truncate(int count) => _count = Math.Min(_count, count);

    public void Add(T item)
    {
        if (_count == _items.Length)
        {
            T[] larger = ArrayPool<T>.Shared.Rent(Math.Max(4, _items.Length * 2));
            _items.AsSpan(0, _count).CopyTo(larger);
            Return();
            _items = larger;
        }

        _items[_count++] = item;
    }

    public void Dispose()
    {
        Return();
        _items = [];
        _count = 0;
    }

    private readonly void Return()
    {
        if (_items.Length > 0)
        {
            ArrayPool<T>.Shared.Return(_items, clearArray: System.Runtime.CompilerServices.RuntimeHelpers.IsReferenceOrContainsReferences<T>());
        }
    }
}
