// SPDX-License-Identifier: MIT
using Spectre.Console;

namespace Lockbox.Cli;

/// <summary>
/// A Spectre.Console progress bar for a long verb, on stderr and only when stderr is a terminal: stdout keeps only the
/// result line, and a script's or cron's stderr only errors.
/// </summary>
public static class TerminalProgress
{
    /// <summary>Runs <paramref name="work"/> with a bar labelled <paramref name="label"/>, or with no progress sink off a terminal.</summary>
    /// <param name="label">The bar's label.</param>
    /// <param name="work">The work; it reports each value, which <paramref name="measure"/> turns into (done, total).</param>
    /// <param name="measure">How far a reported value is.</param>
    public static async Task<TResult> RunAsync<TResult, TProgress>(
        string label, Func<IProgress<TProgress>?, Task<TResult>> work, Func<TProgress, (long Done, long Total)> measure)
    {
        if (Console.IsErrorRedirected)
        {
            return await work(null);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return await console.Progress().StartAsync(async context => await work(new Bar<TProgress>(context.AddTask(label, maxValue: 1), measure)));
    }

    /// <summary>Updates the bar on the worker's thread, in order (<see cref="Progress{T}"/> would post them to the pool).</summary>
    sealed class Bar<TProgress>(ProgressTask task, Func<TProgress, (long Done, long Total)> measure) : IProgress<TProgress>
    {
        public void Report(TProgress value)
        {
            var (done, total) = measure(value);
            task.MaxValue = Math.Max(1, total);
            task.Value = done;
        }
    }
}
