// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Lockbox.Crypto.Protection;

/// <summary>
/// A pinned byte buffer for unlocked key material: <c>mlock</c>ed on Linux so it is never written to swap, and
/// <c>munlock</c>ed and zeroed on dispose (docs/decisions/0032). Pinned, so the GC never leaves a copy behind when it
/// compacts. When the kernel refuses the lock (RLIMIT_MEMLOCK), the buffer still works and <see cref="TakeLockRefusal"/>
/// reports it once, for the host to log.
/// </summary>
public sealed partial class LockedBuffer : IDisposable
{
    static readonly AsyncLocal<List<byte[]>?> s_capture = new();
    static int s_refused;
    static int s_refusalReported;
    bool _locked;

    public LockedBuffer(int length)
    {
        Bytes = GC.AllocateArray<byte>(length, pinned: true);
        _locked = OperatingSystem.IsLinux() && Lock(Bytes, mlock: true);
        if (OperatingSystem.IsLinux() && !_locked)
        {
            Interlocked.Exchange(ref s_refused, 1);
        }

        s_capture.Value?.Add(Bytes);
    }

    /// <summary>The buffer; all zero after <see cref="Dispose"/>.</summary>
    public byte[] Bytes { get; }

    /// <summary>
    /// True the first time it is asked after an <c>mlock</c> was refused in this process, false otherwise: the warning is
    /// worth one log line, not one per login.
    /// </summary>
    public static bool TakeLockRefusal() =>
        Volatile.Read(ref s_refused) == 1 && Interlocked.Exchange(ref s_refusalReported, 1) == 0;

    /// <summary>
    /// Test hook: every buffer allocated in this async flow from now on is added to <paramref name="buffers"/>, so a test
    /// can check that what a login handed out reads all zero once its session is gone.
    /// </summary>
    internal static void CaptureInto(List<byte[]> buffers) => s_capture.Value = buffers;

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(Bytes);
        if (_locked)
        {
            _locked = false;
            Lock(Bytes, mlock: false);
        }
    }

    static unsafe bool Lock(byte[] buffer, bool mlock)
    {
        fixed (byte* start = buffer)
        {
            var length = (nuint)buffer.Length;
            return (mlock ? MLock(start, length) : MUnlock(start, length)) == 0;
        }
    }

    [LibraryImport("libc", EntryPoint = "mlock", SetLastError = true)]
    private static unsafe partial int MLock(byte* address, nuint length);

    [LibraryImport("libc", EntryPoint = "munlock", SetLastError = true)]
    private static unsafe partial int MUnlock(byte* address, nuint length);
}
