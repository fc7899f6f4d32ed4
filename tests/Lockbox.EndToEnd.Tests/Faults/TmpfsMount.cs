// SPDX-License-Identifier: MIT
using Lockbox.EndToEnd.Tests.Infrastructure;

namespace Lockbox.EndToEnd.Tests.Faults;

/// <summary>
/// A small tmpfs mounted on a fresh directory: a real filesystem that runs out of space (ENOSPC) at a size the test
/// chooses. Mounting needs root (CAP_SYS_ADMIN): without it the test is skipped locally, but fails under CI=true,
/// where the suite runs as root, so CI can never pass without the disk-full test having run.
/// </summary>
internal sealed class TmpfsMount : IAsyncDisposable
{
    TmpfsMount(string path)
    {
        Path = path;
    }

    public string Path { get; }

    public static async Task<TmpfsMount> MountAsync(string path, int kibibytes)
    {
        Directory.CreateDirectory(path);
        var mounted = await ExternalProcess.RunAsync("mount", ["-t", "tmpfs", "-o", $"size={kibibytes}k,mode=0700", "tmpfs", path]);
        if (mounted.ExitCode != 0)
        {
            var reason = $"cannot mount a tmpfs (needs root): {mounted.Stderr.Trim()}";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(reason);
            }

            Assert.Skip(reason);
        }

        return new TmpfsMount(path);
    }

    /// <summary>Fills the filesystem to the last byte with a file of its own, whose size is returned.</summary>
    public long Fill(string name)
    {
        var chunk = new byte[4096];
        using var filler = new FileStream(System.IO.Path.Combine(Path, name), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1);
        try
        {
            while (true)
            {
                filler.Write(chunk);
            }
        }
        catch (IOException)
        {
            // ENOSPC: the filesystem is full. Single bytes then, so not even a partial page is left.
            try
            {
                while (true)
                {
                    filler.Write(chunk, 0, 1);
                }
            }
            catch (IOException)
            {
                return filler.Length;
            }
        }
    }

    /// <summary>Frees the space <see cref="Fill"/> took.</summary>
    public void Free(string name) => File.Delete(System.IO.Path.Combine(Path, name));

    public async ValueTask DisposeAsync()
    {
        // Lazy: a process the test failed to stop may still hold a file open; the mount goes once it lets go.
        await ExternalProcess.RunAsync("umount", ["--lazy", Path]);
    }
}
