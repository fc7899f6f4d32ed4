// SPDX-License-Identifier: MIT
using System.Collections.Concurrent;

namespace Lockbox.Load.Bench;

/// <summary>
/// Everything that went wrong during a run, each as one line: a NO, BAD or BYE nobody asked for, a dropped connection,
/// an LMTP reply other than 250. The run passes only with none.
/// </summary>
public sealed class ErrorLog
{
    readonly ConcurrentQueue<string> _errors = new();

    public void Add(string where, string what) => _errors.Enqueue($"{where}: {what}");

    public IReadOnlyList<string> All => [.. _errors];
}
