using System.Text;

namespace EventAi.Benchmarks;

/// <summary>
/// Worst-case inputs of issue 10, built to an exact size so time per input byte can be read off
/// (<see cref="NanosecondsPerByteColumn"/>).
/// </summary>
internal static class HostileInputs
{
    /// <summary>An event whose exception message is one run of Japanese text with no split point.</summary>
    public static byte[] CjkEvent(int bytes)
    {
        const string Head = "{\"platform\":\"python\",\"exception\":{\"values\":[{\"type\":\"ValueError\",\"value\":\"";
        const string Tail = "\"}]}}";
        var text = new StringBuilder(Head);
        const string Run = "東京都の天気予報によると明日は晴れでしょうそして気温は高くなります";
        int room = bytes - Encoding.UTF8.GetByteCount(Head + Tail);
        int i = 0;
        while (room >= 3)
        {
            text.Append(Run[i++ % Run.Length]);
            room -= 3;
        }

        return Pad(Encoding.UTF8.GetBytes(text.Append(Tail).ToString()), bytes);
    }

    /// <summary>An event with as many small exceptions, each with a frame, as fit.</summary>
    public static byte[] ManyExceptionsEvent(int bytes)
    {
        var text = new StringBuilder("{\"exception\":{\"values\":[");
        for (int i = 0; text.Length < bytes - 200; i++)
        {
            text.Append(i == 0 ? "" : ",").Append("{\"type\":\"Error").Append(i).Append("\",\"value\":\"failed step ").Append(i)
                .Append("\",\"stacktrace\":{\"frames\":[{\"function\":\"step").Append(i).Append("\",\"lineno\":").Append(i).Append("}]}}");
        }

        return Pad(Encoding.UTF8.GetBytes(text.Append("]}}").ToString()), bytes);
    }

    /// <summary>The text of an exception whose message runs over many lines, then one frame.</summary>
    public static string ManyMessageLinesText(int bytes)
    {
        var text = new StringBuilder("System.InvalidOperationException: the first line\n");
        const string Frame = "   at Shop.Orders.Checkout() in /src/Checkout.cs:line 3\n";
        for (int i = 0; text.Length < bytes - Frame.Length - 40; i++)
        {
            text.Append("another line of the message, number ").Append(i).Append('\n');
        }

        text.Append(Frame);
        return text.Append(' ', bytes - text.Length).ToString();
    }

    private static byte[] Pad(byte[] json, int bytes)
    {
        if (json.Length >= bytes)
        {
            return json;
        }

        byte[] padded = new byte[bytes];
        json.CopyTo(padded, 0);
        padded.AsSpan(json.Length).Fill((byte)' ');
        return padded;
    }
}
