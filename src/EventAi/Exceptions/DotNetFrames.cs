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
