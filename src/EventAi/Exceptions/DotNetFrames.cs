using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace EventAi;

/// <summary>Reads the frames of a live exception, with file and line where portable PDBs provide them.</summary>
internal static class DotNetFrames
{
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "A frame whose method metadata was trimmed away is skipped.")]
    public static IReadOnlyList<ExceptionFrame> Of(Exception exception)
    {
        StackFrame[] frames = new StackTrace(exception, fNeedFileInfo: true).GetFrames();
        var result = new List<ExceptionFrame>(frames.Length);
        foreach (StackFrame frame in frames)
        {
            MethodBase? method = frame.GetMethod();
            if (method is null || method.IsDefined(typeof(StackTraceHiddenAttribute), inherit: false)
                || method.DeclaringType?.IsDefined(typeof(StackTraceHiddenAttribute), inherit: false) == true)
            {
                continue;
            }

            (string function, Type? type) = RealMethod(method);
            int line = frame.GetFileLineNumber();
            result.Add(new ExceptionFrame(function, TypeName(type), frame.GetFileName(), line > 0 ? line : null));
        }

        return result;
    }

    /// <summary>
    /// The method as written: the <c>MoveNext</c> of an async or iterator state machine
    /// (<c>&lt;Foo&gt;d__3</c>) is shown as <c>Foo</c> on the type that declares it.
    /// </summary>
    internal static (string Function, Type? Type) RealMethod(MethodBase method)
    {
        Type? type = method.DeclaringType;
        if (method.Name == "MoveNext" && type is { DeclaringType: not null } && StateMachineName(type.Name) is { } name
            && (type.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false) || typeof(IAsyncStateMachine).IsAssignableFrom(type)))
        {
            return (name, type.DeclaringType);
        }

        return (method.Name, type);
    }

    /// <summary>"Foo" of a compiler-generated state machine name such as <c>&lt;Foo&gt;d__3</c>; null otherwise.</summary>
    internal static string? StateMachineName(string typeName)
    {
        if (!typeName.StartsWith('<'))
        {
            return null;
        }

        int end = typeName.IndexOf('>', StringComparison.Ordinal);
        return end > 1 && typeName.AsSpan(end + 1).StartsWith("d__") ? typeName[1..end] : null;
    }

    private static string? TypeName(Type? type) => type is null ? null : (type.FullName ?? type.Name).Replace('+', '.');
}
