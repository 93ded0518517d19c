using EventAi.Json;

namespace EventAi;

/// <summary>Writes a description under reduction as compact JSON (UTF-8) as it reads after a number of steps.</summary>
internal static class DescriptionText
{
    public static void Write(ReducibleNode node, int step, Utf8Sink sink)
    {
        switch (node)
        {
            case ReducibleObject obj:
                sink.Append((byte)'{');
                bool first = true;
                foreach (ReducibleMember member in obj.Members)
                {
                    if (!member.IsPresentAt(step))
                    {
                        continue;
                    }

                    if (sink.Stopped)
                    {
                        return;
                    }

                    sink.Append(first ? "\""u8 : ",\""u8);
                    first = false;
                    sink.Append(member.RawName);
                    sink.Append("\":"u8);
                    Write(member.Value, step, sink);
                }

                sink.Append((byte)'}');
                break;
            case ReducibleArray array:
                sink.Append((byte)'[');
                bool firstItem = true;
                foreach (ReducibleNode item in array.Items)
                {
                    if (!item.IsPresentAt(step))
                    {
                        continue;
                    }

                    if (sink.Stopped)
                    {
                        return;
                    }

                    if (!firstItem)
                    {
                        sink.Append((byte)',');
                    }

                    firstItem = false;
                    Write(item, step, sink);
                }

                sink.Append((byte)']');
                break;
            case ReducibleValue value:
                sink.Append(value.JsonAt(step));
                break;
        }
    }

    /// <summary>The compact JSON after <paramref name="step"/> steps.</summary>
    public static byte[] Utf8At(ReducibleNode root, int step)
    {
        using var sink = new BufferSink();
        Write(root, step, sink);
        return sink.Written.ToArray();
    }

    private sealed class BufferSink : Utf8Sink, IDisposable
    {
        private readonly PooledByteBufferWriter _buffer = new(16 * 1024);

        public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

        public override void Append(ReadOnlySpan<byte> utf8)
        {
            utf8.CopyTo(_buffer.GetSpan(utf8.Length));
            _buffer.Advance(utf8.Length);
        }

        public void Dispose() => _buffer.Dispose();
    }
}

/// <summary>Where <see cref="DescriptionText"/> writes to.</summary>
internal abstract class Utf8Sink
{
    /// <summary>Set when the rest of the text is not needed.</summary>
    public bool Stopped { get; protected set; }

    public abstract void Append(ReadOnlySpan<byte> utf8);

    public void Append(byte b) => Append([b]);
}
