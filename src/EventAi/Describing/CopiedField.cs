namespace EventAi;

/// <summary>What a value copied from the event becomes in the description; <see cref="EventTextWriter"/> scrubs by it.</summary>
internal enum CopiedField : byte
{
    /// <summary><c>message</c>: the event's <c>logentry</c> or top-level <c>message</c>.</summary>
    Message,

    /// <summary><c>language</c>: the event's <c>platform</c>.</summary>
    Language,

    /// <summary>An exception's <c>type</c>.</summary>
    ExceptionType,

    /// <summary>An exception's <c>message</c>: its <c>value</c>.</summary>
    ExceptionValue,

    /// <summary>An exception's <c>exception_info</c>: its <c>mechanism.meta</c>.</summary>
    ExceptionInfo,

    /// <summary>A frame's <c>func</c>.</summary>
    Function,

    /// <summary>A frame's <c>module</c>.</summary>
    Module,

    /// <summary>A frame's <c>file</c>.</summary>
    File,

    /// <summary>A frame's <c>line</c>.</summary>
    Line,

    /// <summary>A frame's <c>code_before</c>, <c>code</c> and <c>code_after</c>.</summary>
    Code,
}
