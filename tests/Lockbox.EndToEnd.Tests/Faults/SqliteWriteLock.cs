// SPDX-License-Identifier: MIT
using System.Diagnostics;

namespace Lockbox.EndToEnd.Tests.Faults;

/// <summary>
/// Another process (python3's sqlite3) holding the write lock on a SQLite database: <c>BEGIN EXCLUSIVE</c>, which in WAL
/// mode blocks every other writer and no reader (https://sqlite.org/lang_transaction.html), until <see cref="ReleaseAsync"/>.
/// </summary>
internal sealed class SqliteWriteLock : IAsyncDisposable
{
    const string Script = """
        import sqlite3, sys
        connection = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
        connection.execute("BEGIN EXCLUSIVE")
        print("locked", flush=True)
        sys.stdin.readline()
        connection.execute("ROLLBACK")
        print("released", flush=True)
        """;

    readonly Process _process;

    SqliteWriteLock(Process process)
    {
        _process = process;
    }

    public static async Task<SqliteWriteLock> TakeAsync(string databasePath)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardInput = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add(databasePath);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start python3");
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (line != "locked")
        {
            process.Kill();
            process.Dispose();
            throw new InvalidOperationException($"python3 did not take the lock: {line}");
        }

        return new SqliteWriteLock(process);
    }

    public async Task ReleaseAsync()
    {
        await _process.StandardInput.WriteLineAsync();
        await _process.StandardInput.FlushAsync();
        Assert.Equal("released", await _process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)));
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
