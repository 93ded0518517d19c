using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace EventAi;

/// <summary>Reads the frames of a live exception, with file and line where portable PDBs provide them.</summary>
internal static class DotNetFrames
{
    /// <summary>
    /// The frames, most recent call first; <paramref name="modules"/> collects the modules whose frames
    /// name a source file. A frame that cannot be read is left out; a trace that cannot be read has no frames.
    /// </summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "A frame whose method metadata was trimmed away is skipped.")]
    public static FrameList Of(Exception exception, int maxFrames, IReadOnlyList<string> notInAppPrefixes, ISet<Module> modules)
    {
        StackFrame[] frames;
        try
        {
            frames = new StackTrace(exception, fNeedFileInfo: true).GetFrames();
        }
        catch (Exception)
        {
            return FrameList.Empty;
        }

        var result = new FrameList(maxFrames);
        foreach (StackFrame frame in frames)
        {
            try
            {
                MethodBase? method = frame.GetMethod();
                if (method is null || method.IsDefined(typeof(StackTraceHiddenAttribute), inherit: false)
                    || method.DeclaringType?.IsDefined(typeof(StackTraceHiddenAttribute), inherit: false) == true)
                {
                    continue;
                }

                (string function, Type? type) = RealMethod(method);
                int line = frame.GetFileLineNumber();
                string? file = frame.GetFileName();
                if (file is not null)
                {
                    modules.Add(method.Module);
                }

                string? module = TypeName(type);
                result.Add(
                    new ExceptionFrame(function, module, file, line > 0 ? line : null),
                    FrameList.IsInApp(module, notInAppPrefixes));
            }
            catch (Exception)
            {
                // Metadata that cannot be loaded: the frame is left out rather than the description failing.
            }
        }

        return result;
    }

    /// <summary>
    /// The method as written: the <c>MoveNext</c> of an async or iterator state machine
    /// (<c>&lt;Foo&gt;d__3</c>) is shown as <c>Foo</c> on the type that declares it, top-level statements
    /// (<c>&lt;Main&gt;$</c>) as <c>Main</c>, and a local function (<c>&lt;Invoke&gt;g__Send|7_0</c>) as <c>Send</c>.
    /// </summary>
    internal static (string Function, Type? Type) RealMethod(MethodBase method)
    {
        Type? type = method.DeclaringType;
        if (method.Name == "MoveNext" && type is { DeclaringType: not null } && StateMachineName(type.Name) is { } name
            && (type.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false) || typeof(IAsyncStateMachine).IsAssignableFrom(type)))
        {
            return (name, type.DeclaringType);
        }

        return (SourceName(method.Name), type);
    }

    /// <summary>"Foo" of a compiler-generated state machine name such as <c>&lt;Foo&gt;d__3</c>; null otherwise.</summary>
    internal static string? StateMachineName(string typeName) =>
        Split(typeName) is ({ } inner, { } rest) && rest.StartsWith('d') && (rest.Length == 1 || rest.AsSpan(1).StartsWith("__"))
            ? SourceName(inner)
            : null;

    /// <summary>
    /// The name in the source for the compiler's names of top-level statements (<c>&lt;Main&gt;$</c>, and its
    /// <c>&lt;Main&gt;</c> entry point) and local functions (<c>&lt;Outer&gt;g__Name|1_0</c>); any other name as it is.
    /// </summary>
    internal static string SourceName(string name)
    {
        if (Split(name) is not ({ } inner, { } rest))
        {
            return name;
        }

        if (rest is "" or "$")
        {
            return SourceName(inner);
        }

        if (rest.StartsWith("g__", StringComparison.Ordinal))
        {
            int end = rest.IndexOf('|', StringComparison.Ordinal);
            return end > 3 ? rest[3..end] : name;
        }

        return name;
    }

    // "<inner>rest" with balanced brackets: "<<Main>$>d__0" is ("<Main>$", "d__0").
    private static (string? Inner, string? Remainder) Split(string name)
    {
        if (!name.StartsWith('<'))
        {
            return (null, null);
        }

        int depth = 0;
        for (int i = 0; i < name.Length; i++)
        {
            depth += name[i] switch { '<' => 1, '>' => -1, _ => 0 };
            if (depth == 0)
            {
                return i > 1 ? (name[1..i], name[(i + 1)..]) : (null, null);
            }
        }

        return (null, null);
    }

    private static string? TypeName(Type? type) => type is null ? null : (type.FullName ?? type.Name).Replace('+', '.');
}
