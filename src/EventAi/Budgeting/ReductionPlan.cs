using System.Text.Json;

namespace EventAi;

/// <summary>
/// Plans every reduction step of a description in order, on its tree, without counting a token: code
/// context of frames other than the crash frame of exception 1, then frames from the middle of the
/// longest stack, then the oldest exceptions, then long strings truncated with a marker, and last the
/// event message and the crash frame's surrounding lines. Exception 1's type, message and crash frame
/// always stay. Each step marks what it removes or cuts with its number; planning takes time linear in
/// the description (n log n for the stacks).
/// </summary>
internal static class ReductionPlan
{
    /// <summary>One token in every tokenizer used here, and read by models as "text left out".</summary>
    internal const string TruncationMarker = "…";
    private static readonly int[] TruncationLengths = [1000, 500, 250, 120, 60, 30, 16];

    /// <summary>Plans the steps on the tree and returns how many there are.</summary>
    public static int Apply(ReducibleObject root)
    {
        int step = 0;
        List<ReducibleNode> exceptions = (root.Kept("exceptions"u8)?.Value as ReducibleArray)?.Items ?? [];
        ReducibleObject? protectedFrame = CrashFrameOfExceptionOne(root, exceptions);

        foreach (ReducibleObject frame in FramesLeastImportantFirst(root, exceptions))
        {
            if (!ReferenceEquals(frame, protectedFrame)
                && (frame.Remove("code_before"u8, step + 1) | frame.Remove("code"u8, step + 1) | frame.Remove("code_after"u8, step + 1)))
            {
                step++;
            }
        }

        step = TrimStacks(root, exceptions, step);

        for (int i = exceptions.Count - 1; i > 0; i--)
        {
            exceptions[i].RemovedAt = ++step;
        }

        ReducibleNode? crashType = exceptions.Count > 0 && exceptions[0] is ReducibleObject first ? first.Kept("type"u8)?.Value : null;
        foreach (int length in TruncationLengths)
        {
            if (Truncate(root, length, crashType, step + 1))
            {
                step++;
            }
        }

        if (root.Remove("message"u8, step + 1))
        {
            step++;
        }

        if (root.Remove("language"u8, step + 1))
        {
            step++;
        }

        if (exceptions.Count > 0 && exceptions[0] is ReducibleObject newest && newest.Remove("exception_info"u8, step + 1))
        {
            step++;
        }

        if (protectedFrame is not null && (protectedFrame.Remove("code_before"u8, step + 1) | protectedFrame.Remove("code_after"u8, step + 1)))
        {
            step++;
        }

        // Last, what the crash frame can spare and still say where the error was raised.
        if (protectedFrame is not null)
        {
            if ((protectedFrame.Kept("file"u8) is not null || protectedFrame.Kept("func"u8) is not null) && protectedFrame.Remove("module"u8, step + 1))
            {
                step++;
            }

            if (protectedFrame.Remove("in_app"u8, step + 1))
            {
                step++;
            }

            if (protectedFrame.Kept("code"u8)?.Value is ReducibleValue { Text: "" } && protectedFrame.Remove("code"u8, step + 1))
            {
                step++;
            }
        }

        return step;
    }

    private static ReducibleObject? CrashFrameOfExceptionOne(ReducibleObject root, List<ReducibleNode> exceptions)
    {
        ReducibleNode? stack = exceptions.Count > 0 ? (exceptions[0] as ReducibleObject)?.Kept("stacktrace"u8)?.Value : root.Kept("stacktrace"u8)?.Value;
        return stack is ReducibleArray { Items.Count: > 0 } frames ? frames.Items[0] as ReducibleObject : null;
    }

    private static List<ReducibleArray> Stacks(ReducibleObject root, List<ReducibleNode> exceptions, bool rootFirst)
    {
        var stacks = new List<ReducibleArray>();
        if (rootFirst && root.Kept("stacktrace"u8)?.Value is ReducibleArray top)
        {
            stacks.Add(top);
        }

        foreach (ReducibleNode exception in exceptions)
        {
            if ((exception as ReducibleObject)?.Kept("stacktrace"u8)?.Value is ReducibleArray stack)
            {
                stacks.Add(stack);
            }
        }

        if (!rootFirst && root.Kept("stacktrace"u8)?.Value is ReducibleArray last)
        {
            stacks.Add(last);
        }

        return stacks;
    }

    // Oldest exception first, and within a stack the oldest call first: the furthest from the crash.
    private static IEnumerable<ReducibleObject> FramesLeastImportantFirst(ReducibleObject root, List<ReducibleNode> exceptions)
    {
        List<ReducibleArray> stacks = Stacks(root, exceptions, rootFirst: false);
        stacks.Reverse(0, stacks.Count - (root.Kept("stacktrace"u8)?.Value is ReducibleArray ? 1 : 0));
        foreach (ReducibleArray stack in stacks)
        {
            for (int i = stack.Items.Count - 1; i >= 0; i--)
            {
                if (stack.Items[i] is ReducibleObject frame)
                {
                    yield return frame;
                }
            }
        }
    }

    /// <summary>
    /// One level at a time, the longest stack (the top-level one, then the exceptions' in order, on a tie)
    /// loses frames by the trimmer's own rules, until every stack has one frame left.
    /// </summary>
    private static int TrimStacks(ReducibleObject root, List<ReducibleNode> exceptions, int step)
    {
        List<ReducibleArray> stacks = Stacks(root, exceptions, rootFirst: true);
        var longest = new PriorityQueue<StackTrim, (int, int)>();
        for (int i = 0; i < stacks.Count; i++)
        {
            var trim = new StackTrim(stacks[i]);
            longest.Enqueue(trim, (-trim.Count, i));
        }

        while (longest.TryPeek(out StackTrim? stack, out (int NegativeCount, int Order) priority) && stack.Count > 1)
        {
            longest.Dequeue();
            stack.TrimOneLevel(++step);
            longest.Enqueue(stack, (-stack.Count, priority.Order));
        }

        return step;
    }

    private static bool Truncate(ReducibleNode node, int length, ReducibleNode? keep, int step)
    {
        bool changed = false;
        switch (node)
        {
            case ReducibleObject obj:
                foreach (ReducibleMember member in obj.Members)
                {
                    if (!member.IsKept || ReferenceEquals(member.Value, keep))
                    {
                        continue;
                    }

                    // Paths and module names say the most at their end ("bin/raven", "ApiRequest"): they lose their start.
                    changed |= TruncateValue(member.Value, length, member.NameIs("file"u8) || member.NameIs("module"u8), keep, step);
                }

                break;
            case ReducibleArray array:
                foreach (ReducibleNode item in array.Items)
                {
                    if (item.IsKept)
                    {
                        changed |= TruncateValue(item, length, keepTheEnd: false, keep, step);
                    }
                }

                break;
        }

        return changed;
    }

    private static bool TruncateValue(ReducibleNode node, int length, bool keepTheEnd, ReducibleNode? keep, int step)
    {
        if (node is not ReducibleValue value)
        {
            return Truncate(node, length, keep, step);
        }

        // Only strings well over the length are cut, so the marker never makes a string longer.
        int shortest = length + (length / 4) + TruncationMarker.Length;
        if (value.Kind != JsonValueKind.String || value.MaximumTextLength <= shortest || value.Text is not { } text || text.Length <= shortest)
        {
            return false;
        }

        if (keepTheEnd)
        {
            int start = text.Length - length;
            start += char.IsLowSurrogate(text[start]) ? 1 : 0;
            value.Cut(string.Concat(TruncationMarker, text.AsSpan(start)), step);
        }
        else
        {
            value.Cut(string.Concat(text.AsSpan(0, char.IsHighSurrogate(text[length - 1]) ? length - 1 : length), TruncationMarker), step);
        }

        return true;
    }

    /// <summary>
    /// A stack's frames by kind (app code or not) in rank order, in order-statistic trees, so a level of
    /// the trimmer (<see cref="FrameTrimmer.SelectIndices"/> with one frame less) costs O(log n) a frame.
    /// </summary>
    private sealed class StackTrim
    {
        private readonly ReducibleArray _stack;
        private readonly RankedPositions _apps;
        private readonly RankedPositions _systems;

        public StackTrim(ReducibleArray stack)
        {
            _stack = stack;
            bool[] isApp = new bool[stack.Items.Count];
            for (int i = 0; i < isApp.Length; i++)
            {
                isApp[i] = stack.Items[i] is ReducibleObject frame && frame.Kept("in_app"u8)?.Value is ReducibleValue { Kind: JsonValueKind.True };
            }

            _apps = new RankedPositions(isApp, app: true);
            _systems = new RankedPositions(isApp, app: false);
        }

        public int Count => _apps.Count + _systems.Count;

        /// <summary>Removes the frames <see cref="FrameTrimmer.SelectIndices"/> drops for an allowance of one frame less.</summary>
        public void TrimOneLevel(int step)
        {
            int allowance = Count - 1;
            int apps = _apps.Count;
            bool crashIsApp = apps > 0 && (_systems.Count == 0 || _apps.PositionOf(0) < _systems.PositionOf(0));
            int appBudget = apps;
            int systemBudget = allowance - apps;
            bool keepSystemCrashFrame = false;
            if (apps >= allowance)
            {
                systemBudget = 0;
                keepSystemCrashFrame = !crashIsApp;
                appBudget = keepSystemCrashFrame ? allowance - 1 : allowance;
            }

            RemoveUnkept(_apps, appBudget, keepFirst: false, step);
            RemoveUnkept(_systems, systemBudget, keepFirst: keepSystemCrashFrame, step);
        }

        // Keep(list, k) of SPEC §3 on ranks: the first and last halves of the budget stay, or the first
        // 'budget' when it is 0 or 1; the system crash frame stays when the trimmer keeps it aside.
        private void RemoveUnkept(RankedPositions list, int budget, bool keepFirst, int step)
        {
            int count = list.Count;
            if (count <= budget)
            {
                return;
            }

            int from = budget <= 1 ? budget : budget / 2;
            int to = budget <= 1 ? count : count - (budget / 2);
            if (keepFirst && from == 0)
            {
                from = 1;
            }

            for (int rank = to - 1; rank >= from; rank--)
            {
                int position = list.PositionOf(rank);
                list.Remove(position);
                _stack.Items[position].RemovedAt = step;
            }
        }
    }
}
