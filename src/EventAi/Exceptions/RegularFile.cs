using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace EventAi;

/// <summary>
/// Reads a regular file, and nothing else, without ever blocking: the type is read before opening
/// without following a link (<c>lstat</c>), the file is opened non-blocking and without following a
/// final link, the type is read again on the open handle, and no more than a cap is read. A FIFO, a
/// socket or a device therefore reads as nothing instead of hanging or never ending. On a Unix other
/// than Linux and macOS, where this cannot be checked, nothing is read.
/// </summary>
internal static unsafe class RegularFile
{
    private const int LinuxAtFdCwd = -100;
    private const int LinuxAtSymlinkNoFollow = 0x100;
    private const int LinuxAtEmptyPath = 0x1000;
    private const uint LinuxStatxTypeAndSize = 0x1 | 0x200;
    private const int LinuxStatxModeOffset = 28;
    private const int LinuxStatxSizeOffset = 40;
    private const int MacStatModeOffset = 4;
    private const int MacStatSizeOffset = 96;
    private const int StatBufferBytes = 512;
    private const int FileTypeMask = 0xF000;
    private const int TypeRegular = 0x8000;
    private const int TypeDirectory = 0x4000;
    private const int TypeLink = 0xA000;

    private static readonly Native? Unix = OperatingSystem.IsWindows() ? null : Native.Load();

    /// <summary>What is at a path, links not followed.</summary>
    public enum Kind
    {
        /// <summary>Nothing, or nothing that could be checked.</summary>
        Missing,

        /// <summary>A regular file.</summary>
        Regular,

        /// <summary>A directory.</summary>
        Directory,

        /// <summary>A symbolic link (or a Windows reparse point).</summary>
        Link,

        /// <summary>A FIFO, socket or device.</summary>
        Other,
    }

    /// <summary>What is at the path itself: a link is reported as a link, not as its target.</summary>
    public static Kind KindOf(string path, out long size)
    {
        size = 0;
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            return Kind.Missing;
        }

        if (OperatingSystem.IsWindows())
        {
            return WindowsKindOf(path, out size);
        }

        return Unix is { } native ? native.KindOf(path, out size) : Kind.Missing;
    }

    /// <summary>The bytes of a regular file of 1 to <paramref name="maxBytes"/> bytes; <c>null</c> for anything else.</summary>
    public static byte[]? Read(string path, int maxBytes)
    {
        if (KindOf(path, out long size) != Kind.Regular || size <= 0 || size > maxBytes)
        {
            return null;
        }

        try
        {
            if (OperatingSystem.IsWindows())
            {
                using var windowsFile = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
                return windowsFile.CanSeek ? ReadAtMost(windowsFile, (int)size, maxBytes) : null;
            }

            if (Unix?.Open(path) is not { } handle)
            {
                return null;
            }

            using var file = new FileStream(handle, FileAccess.Read, bufferSize: 0);
            return ReadAtMost(file, (int)size, maxBytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return null;
        }
    }

    private static byte[]? ReadAtMost(Stream file, int expected, int maxBytes)
    {
        // One byte more than the cap tells a file that grew past it from one that fits.
        byte[] buffer = new byte[Math.Min(expected, maxBytes) + 1];
        int total = 0;
        while (true)
        {
            if (total == buffer.Length)
            {
                if (buffer.Length > maxBytes)
                {
                    return null;
                }

                Array.Resize(ref buffer, Math.Min(buffer.Length * 2, maxBytes + 1));
            }

            int read = file.Read(buffer, total, buffer.Length - total);
            if (read == 0)
            {
                return total == 0 ? null : buffer[..total];
            }

            total += read;
        }
    }

    private static Kind WindowsKindOf(string path, out long size)
    {
        size = 0;
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            return Directory.Exists(path) ? Kind.Directory : Kind.Missing;
        }

        FileAttributes attributes = file.Attributes;
        if ((attributes & FileAttributes.ReparsePoint) != 0)
        {
            return Kind.Link;
        }

        if ((attributes & FileAttributes.Device) != 0)
        {
            return Kind.Other;
        }

        size = file.Length;
        return Kind.Regular;
    }

    private static byte[] Utf8Path(string path) => Encoding.UTF8.GetBytes(path + "\0");

    private static Kind KindOfMode(int mode) => (mode & FileTypeMask) switch
    {
        TypeRegular => Kind.Regular,
        TypeDirectory => Kind.Directory,
        TypeLink => Kind.Link,
        _ => Kind.Other,
    };

    /// <summary>The C library calls, found in the running process; none on a platform this does not know.</summary>
    private sealed class Native
    {
        private readonly delegate* unmanaged<byte*, int, int> _open;
        private readonly delegate* unmanaged<int, byte*, int, uint, byte*, int> _statx;
        private readonly delegate* unmanaged<byte*, byte*, int> _lstat;
        private readonly delegate* unmanaged<int, byte*, int> _fstat;
        private readonly int _openFlags;

        private Native(IntPtr open, IntPtr statx, IntPtr lstat, IntPtr fstat, int openFlags)
        {
            _open = (delegate* unmanaged<byte*, int, int>)open;
            _statx = (delegate* unmanaged<int, byte*, int, uint, byte*, int>)statx;
            _lstat = (delegate* unmanaged<byte*, byte*, int>)lstat;
            _fstat = (delegate* unmanaged<int, byte*, int>)fstat;
            _openFlags = openFlags;
        }

        public static Native? Load()
        {
            IntPtr process = NativeLibrary.GetMainProgramHandle();
            if (!NativeLibrary.TryGetExport(process, "open", out IntPtr open))
            {
                return null;
            }

            if (OperatingSystem.IsLinux())
            {
                // O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW (whose value differs on Arm and Power).
                int noFollow = RuntimeInformation.ProcessArchitecture is Architecture.Arm or Architecture.Arm64 or Architecture.Armv6 or Architecture.Ppc64le
                    ? 0x8000
                    : 0x20000;
                return NativeLibrary.TryGetExport(process, "statx", out IntPtr statx)
                    ? new Native(open, statx, IntPtr.Zero, IntPtr.Zero, 0x800 | 0x80000 | noFollow)
                    : null;
            }

            if (OperatingSystem.IsMacOS())
            {
                // The 64-bit inode calls; on Arm they carry no suffix. O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC.
                string suffix = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? "$INODE64" : "";
                return NativeLibrary.TryGetExport(process, "lstat" + suffix, out IntPtr lstat) && NativeLibrary.TryGetExport(process, "fstat" + suffix, out IntPtr fstat)
                    ? new Native(open, IntPtr.Zero, lstat, fstat, 0x4 | 0x100 | 0x1000000)
                    : null;
            }

            return null;
        }

        public Kind KindOf(string path, out long size)
        {
            size = 0;
            byte* buffer = stackalloc byte[StatBufferBytes];
            fixed (byte* utf8 = Utf8Path(path))
            {
                int result = _statx is not null
                    ? _statx(LinuxAtFdCwd, utf8, LinuxAtSymlinkNoFollow, LinuxStatxTypeAndSize, buffer)
                    : _lstat(utf8, buffer);
                return result == 0 ? Decode(buffer, out size) : Kind.Missing;
            }
        }

        public SafeFileHandle? Open(string path)
        {
            int fd;
            fixed (byte* utf8 = Utf8Path(path))
            {
                fd = _open(utf8, _openFlags);
            }

            if (fd < 0)
            {
                return null;
            }

            var handle = new SafeFileHandle(fd, ownsHandle: true);
            byte* buffer = stackalloc byte[StatBufferBytes];
            byte empty = 0;
            int result = _statx is not null
                ? _statx(fd, &empty, LinuxAtEmptyPath, LinuxStatxTypeAndSize, buffer)
                : _fstat(fd, buffer);
            if (result != 0 || Decode(buffer, out _) != Kind.Regular)
            {
                handle.Dispose();
                return null;
            }

            return handle;
        }

        private Kind Decode(byte* buffer, out long size)
        {
            if (_statx is not null)
            {
                size = (long)Math.Min(*(ulong*)(buffer + LinuxStatxSizeOffset), long.MaxValue);
                return KindOfMode(*(ushort*)(buffer + LinuxStatxModeOffset));
            }

            size = *(long*)(buffer + MacStatSizeOffset);
            return KindOfMode(*(ushort*)(buffer + MacStatModeOffset));
        }
    }
}
