namespace EventAi;

/// <summary>
/// Settings that shape an <see cref="EventDescription"/>: how many exceptions and frames reach the
/// model and how much source code goes with them.
/// </summary>
public sealed class DescribeOptions
{
    /// <summary>The default for <see cref="MaxExceptions"/>.</summary>
    public const int DefaultMaxExceptions = 3;

    /// <summary>The default for <see cref="MaxFrames"/>.</summary>
    public const int DefaultMaxFrames = 15;

    /// <summary>
    /// The most exceptions of the chain to describe; the newest are kept. Default 3; 0 describes none.
    /// </summary>
    public int MaxExceptions { get; set; } = DefaultMaxExceptions;

    /// <summary>
    /// The allowance of frames per stack trace handed to the <see cref="FrameTrimmer"/>. Default 15;
    /// 0 describes no frames.
    /// </summary>
    public int MaxFrames { get; set; } = DefaultMaxFrames;

    /// <summary>
    /// Whether every frame carries its full source context (<c>true</c>), only the crash frame of the
    /// newest exception does (<c>false</c>), or the choice follows <see cref="Model"/> (<c>null</c>,
    /// the default; see <see cref="IsDetailedModel"/>). Force it when the model name says nothing
    /// about the model, as with an Azure deployment name.
    /// </summary>
    public bool? Detailed { get; set; }

    /// <summary>
    /// The name of the model the description is for, used to choose <see cref="Detailed"/> when it
    /// is <c>null</c>. No model means not detailed.
    /// </summary>
    public string? Model { get; set; }

    /// <summary>
    /// The most tokens the compact description may take, counted with the tokenizer of
    /// <see cref="Model"/>'s family (see <see cref="TokenCounter"/>); <c>null</c> (the default) sets no
    /// limit. A description over the budget is reduced step by step until it fits; when even the
    /// newest exception's type, message and crash frame do not fit, describing throws
    /// <see cref="TokenBudgetExceededException"/>.
    /// </summary>
    public int? MaxTokens { get; set; }

    /// <summary>
    /// For .NET exceptions: namespaces whose frames are not app code (<c>System</c> also covers
    /// <c>System.Linq</c>). Default <c>System</c> and <c>Microsoft</c>; add your vendors' namespaces.
    /// </summary>
    public IList<string> NotInAppPrefixes { get; } = ["System", "Microsoft"];

    /// <summary>
    /// The directories source lines of .NET frames may be read from, as absolute paths: a file is read
    /// only when it is a regular file (no device, FIFO or socket, nothing under <c>/proc</c>, <c>/sys</c> or
    /// <c>/dev</c>) under one of these roots, with no symbolic link from the root down to it, and of at most
    /// 2 MB. <c>null</c> (the default) means: none for <see cref="EventDescriber.DescribeExceptionText"/>,
    /// whose file names come from untrusted text, and for <see cref="EventDescriber.Describe(Exception, bool)"/>
    /// the directories of the source files named by the portable PDBs of the frames' own assemblies. An
    /// empty list reads no source lines at all.
    /// </summary>
    public IReadOnlyList<string>? SourceRoots { get; set; }

    /// <summary>
    /// What is scrubbed before the description leaves the process: personal data and secrets in every
    /// string, property name and number the description copies from the event (function, module and
    /// file names excepted). On by default.
    /// </summary>
    public ScrubOptions Scrub { get; set; } = new();

    /// <summary>
    /// The automatic rule for detailed descriptions: <c>true</c> for the large-context model families
    /// (names starting with <c>gpt-4</c>, <c>gpt-5</c>, <c>o1</c>, <c>o3</c> or <c>o4</c>, case-insensitive).
    /// </summary>
    /// <param name="model">A model name such as <c>gpt-4o-mini</c>.</param>
    public static bool IsDetailedModel(string? model) => ModelFamilies.IsAnyOf(model, ["gpt-4", "gpt-5", "o1", "o3", "o4"]);

    /// <summary>Whether these options describe every frame with its full source context.</summary>
    internal bool ResolveDetailed() => Detailed ?? IsDetailedModel(Model);

    /// <summary>
    /// Throws an <see cref="ArgumentOutOfRangeException"/> naming the first setting that is out of range.
    /// </summary>
    internal void Validate()
    {
        if (MaxExceptions < 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(MaxExceptions), MaxExceptions, $"{nameof(DescribeOptions)}.{nameof(MaxExceptions)} must be 0 or more.");
        }

        if (MaxFrames < 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(MaxFrames), MaxFrames, $"{nameof(DescribeOptions)}.{nameof(MaxFrames)} must be 0 or more.");
        }

        if (MaxTokens is < 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(MaxTokens), MaxTokens, $"{nameof(DescribeOptions)}.{nameof(MaxTokens)} must be 1 or more, or null for no limit.");
        }

        foreach (string? root in SourceRoots ?? [])
        {
            if (string.IsNullOrWhiteSpace(root) || !Path.IsPathFullyQualified(root))
            {
                throw new ArgumentException(
                    $"{nameof(DescribeOptions)}.{nameof(SourceRoots)} must hold absolute directory paths; '{root}' is not one.", nameof(SourceRoots));
            }
        }

        ArgumentNullException.ThrowIfNull(Scrub, nameof(Scrub));
        Scrub.Validate();
    }

    internal DescribeOptions Clone()
    {
        var clone = new DescribeOptions
        {
            MaxExceptions = MaxExceptions,
            MaxFrames = MaxFrames,
            Detailed = Detailed,
            Model = Model,
            MaxTokens = MaxTokens,
            SourceRoots = SourceRoots is null ? null : [.. SourceRoots],
            Scrub = Scrub.Clone(),
        };
        clone.NotInAppPrefixes.Clear();
        foreach (string prefix in NotInAppPrefixes)
        {
            clone.NotInAppPrefixes.Add(prefix);
        }

        return clone;
    }
}
