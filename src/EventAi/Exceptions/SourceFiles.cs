namespace EventAi;

/// <summary>
/// Which source files may be read for a description: an absolute path under one of the source roots,
/// outside the kernel's file systems (<c>/proc</c>, <c>/sys</c>, <c>/dev</c>), with no symbolic link from
/// the root down to the file (a link could lead out of the root), naming a regular file.
/// </summary>
internal sealed class SourceFiles
{
    private static readonly StringComparison PathComparison = OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
    private static readonly string[] KernelAreas = ["/proc/", "/sys/", "/dev/"];
    private readonly string[] _roots;

    /// <summary>Creates the rule for roots given as absolute directory paths.</summary>
    public SourceFiles(IReadOnlyList<string> roots)
    {
        _roots = [.. roots.Select(Normalized).OfType<string>()];
    }

    /// <summary>The full path to read, when the path may be read; <c>null</c> otherwise.</summary>
    public string? Allowed(string path)
    {
        if (_roots.Length == 0 || path.Contains('\0', StringComparison.Ordinal) || !Path.IsPathFullyQualified(path))
        {
            return null;
        }

        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return null;
        }

        if (IsKernelArea(full))
        {
            return null;
        }

        foreach (string root in _roots)
        {
            if (full.Length > root.Length && full.StartsWith(root, PathComparison) && NoLinkBelow(root, full))
            {
                return full;
            }
        }

        return null;
    }

    private static string? Normalized(string root)
    {
        try
        {
            if (string.IsNullOrWhiteSpace(root) || root.Contains('\0', StringComparison.Ordinal) || !Path.IsPathFullyQualified(root))
            {
                return null;
            }

            string full = Path.GetFullPath(root);
            return Path.EndsInDirectorySeparator(full) ? full : full + Path.DirectorySeparatorChar;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return null;
        }
    }

    private static bool IsKernelArea(string full)
    {
        if (OperatingSystem.IsWindows())
        {
            // Device and raw paths (\\.\pipe\..., \\?\...) are no source files.
            return full.StartsWith(@"\\.\", StringComparison.Ordinal) || full.StartsWith(@"\\?\", StringComparison.Ordinal);
        }

        foreach (string area in KernelAreas)
        {
            if (full.StartsWith(area, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    // Every directory from the root down is a real directory and the file a regular file: none is a link.
    private static bool NoLinkBelow(string root, string full)
    {
        int next = root.Length;
        while (true)
        {
            int separator = full.IndexOfAny(['/', Path.DirectorySeparatorChar], next);
            string part = separator < 0 ? full : full[..separator];
            RegularFile.Kind kind = RegularFile.KindOf(part, out _);
            if (separator < 0)
            {
                return kind == RegularFile.Kind.Regular;
            }

            if (kind != RegularFile.Kind.Directory)
            {
                return false;
            }

            next = separator + 1;
        }
    }
}
