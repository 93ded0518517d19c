namespace EventAi;

/// <summary>
/// The frames of one exception, most recent call first. Every frame is counted with whether it is app
/// code, but only the frames the <see cref="FrameTrimmer"/> can keep within the allowance are held in
/// full: the first and the last <c>allowance</c> app frames and system frames (the trimmer keeps the two
/// ends of each list, and the crash frame is the first of its list). A stack of a million frames costs a
/// byte per frame, and the description is the same as with every frame held.
/// </summary>
internal sealed class FrameList
{
    private readonly int _allowance;
    private readonly List<bool> _isApp = [];
    private readonly Dictionary<int, ExceptionFrame> _kept = [];
    private readonly Queue<int> _lastApp = new();
    private readonly Queue<int> _lastSystem = new();
    private int _appCount;
    private int _systemCount;

    /// <summary>Creates an empty list that holds in full what an allowance of frames can use.</summary>
    /// <param name="allowance">The trimmer's allowance (<see cref="DescribeOptions.MaxFrames"/>).</param>
    public FrameList(int allowance) => _allowance = Math.Max(0, allowance);

    /// <summary>No frames.</summary>
    public static FrameList Empty { get; } = new(0);

    /// <summary>How many frames the stack has, held in full or not.</summary>
    public int Count => _isApp.Count;

    /// <summary>Adds the next older frame.</summary>
    public void Add(ExceptionFrame frame, bool isApp)
    {
        int index = _isApp.Count;
        _isApp.Add(isApp);
        int rank = isApp ? _appCount++ : _systemCount++;
        Queue<int> last = isApp ? _lastApp : _lastSystem;
        if (rank < _allowance)
        {
            _kept[index] = frame;
            return;
        }

        // One of the newest 'allowance' of its kind so far: held until enough newer ones arrive.
        _kept[index] = frame;
        last.Enqueue(index);
        if (last.Count > _allowance)
        {
            _kept.Remove(last.Dequeue());
        }
    }

    /// <summary>Whether the frame at the index (0 is the most recent call) is app code.</summary>
    public bool IsApp(int index) => _isApp[index];

    /// <summary>The frame at the index when it is held in full; <c>null</c> when only its kind is known.</summary>
    public ExceptionFrame? this[int index] => _kept.TryGetValue(index, out ExceptionFrame frame) ? frame : null;

    /// <summary>App code unless the module is in a namespace of one of the prefixes (<c>System</c> covers <c>System.Linq</c>).</summary>
    public static bool IsInApp(string? module, IReadOnlyList<string> notInAppPrefixes)
    {
        if (module is null)
        {
            return false;
        }

        foreach (string prefix in notInAppPrefixes)
        {
            if (module.StartsWith(prefix, StringComparison.Ordinal)
                && (module.Length == prefix.Length || module[prefix.Length] == '.' || prefix.EndsWith('.')))
            {
                return false;
            }
        }

        return true;
    }
}
