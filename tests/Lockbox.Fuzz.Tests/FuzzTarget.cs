// SPDX-License-Identifier: MIT
namespace Lockbox.Fuzz.Tests;

/// <summary>
/// One thing under fuzz: <see cref="Execute"/> feeds it one input and checks its oracle. It returns a short outcome
/// label (the result kind, the reply code, the error's first words) that the loop uses as cheap feedback: an input
/// that gives a label not seen before joins the in-memory corpus. Any exception it lets out is a finding; a broken
/// contract is reported as <see cref="FuzzOracleException"/>.
/// </summary>
public abstract class FuzzTarget
{
    /// <summary>The folder name under fuzz/corpus and fuzz/regressions.</summary>
    public abstract string Name { get; }

    /// <summary>Tokens the mutator splices in: the grammar's keywords and the bytes that switch parser states.</summary>
    public abstract IReadOnlyList<byte[]> Dictionary { get; }

    /// <summary>
    /// The wall-clock bound for one input: far above the target's normal cost, well below a hang. Five seconds unless a
    /// target's contract allows more.
    /// </summary>
    public virtual TimeSpan InputTimeLimit => TimeSpan.FromSeconds(5);

    /// <summary>Runs one input to completion and checks the oracle; returns the outcome label.</summary>
    public abstract string Execute(byte[] input);
}
