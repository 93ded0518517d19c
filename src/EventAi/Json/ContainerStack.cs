using System.Runtime.CompilerServices;

namespace EventAi.Json;

/// <summary>One bit per nesting level: set for an object, clear for an array.</summary>
[InlineArray(JsonScanner.MaxDepth / 64 + 1)]
internal struct ContainerStack
{
    private ulong _bits;

    public readonly bool IsObject(int depth) => (this[depth >> 6] & (1UL << (depth & 63))) != 0;

    public void Set(int depth, bool isObject)
    {
        ulong bit = 1UL << (depth & 63);
        this[depth >> 6] = isObject ? this[depth >> 6] | bit : this[depth >> 6] & ~bit;
    }
}
