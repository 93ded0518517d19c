using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.CompilerServices;

namespace EventAi;

/// <summary>
/// The directories of the source files a module's portable PDB names (its documents): where a live
/// exception's source lines may be read from when <see cref="DescribeOptions.SourceRoots"/> is not set.
/// Read once per module; a module without a readable PDB names none.
/// </summary>
internal static class PdbSourceDirectories
{
    private static readonly ConditionalWeakTable<Module, string[]> Cache = [];

    public static IReadOnlyList<string> Of(IEnumerable<Module> modules)
    {
        var directories = new HashSet<string>(StringComparer.Ordinal);
        foreach (Module module in modules)
        {
            directories.UnionWith(Cache.GetValue(module, Read));
        }

        return [.. directories.Order(StringComparer.Ordinal)];
    }

    [UnconditionalSuppressMessage("SingleFile", "IL3000", Justification = "A module without a file location has no PDB beside it: it names no directories.")]
    private static string[] Read(Module module)
    {
        try
        {
            string location = module.Assembly.Location;
            if (string.IsNullOrEmpty(location) || !File.Exists(location))
            {
                return [];
            }

            using FileStream image = File.OpenRead(location);
            using var pe = new PEReader(image);
            if (!pe.TryOpenAssociatedPortablePdb(location, path => File.Exists(path) ? File.OpenRead(path) : null, out MetadataReaderProvider? provider, out _)
                || provider is null)
            {
                return [];
            }

            using (provider)
            {
                MetadataReader reader = provider.GetMetadataReader();
                var directories = new HashSet<string>(StringComparer.Ordinal);
                foreach (DocumentHandle handle in reader.Documents)
                {
                    string name = reader.GetString(reader.GetDocument(handle).Name);
                    if (Path.IsPathFullyQualified(name) && Path.GetDirectoryName(name) is { Length: > 0 } directory)
                    {
                        directories.Add(directory);
                    }
                }

                return [.. directories];
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or BadImageFormatException or InvalidOperationException
            or ArgumentException or NotSupportedException)
        {
            return [];
        }
    }
}
