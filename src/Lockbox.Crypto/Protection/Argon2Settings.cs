// SPDX-License-Identifier: MIT
namespace Lockbox.Crypto.Protection;

/// <summary>
/// Argon2id cost parameters (RFC 9106) for protecting a stored secret key. The constructor refuses
/// anything below the floors (64 MiB, t=3, p=4; issue 2) and anything above the ceilings, so a
/// settings value is always safe both to write and to run. The same check guards the parameters read
/// from an envelope header: a tampered header cannot ask the server for gigabytes per unlock.
/// </summary>
public sealed record Argon2Settings
{
    /// <summary>Lowest memory cost accepted, in KiB (64 MiB).</summary>
    public const int MinimumMemoryKiB = 64 * 1024;

    /// <summary>Highest memory cost accepted, in KiB (1 GiB): 16 times the floor leaves room to raise it.</summary>
    public const int MaximumMemoryKiB = 1024 * 1024;

    /// <summary>Lowest number of passes accepted.</summary>
    public const int MinimumIterations = 3;

    /// <summary>Highest number of passes accepted.</summary>
    public const int MaximumIterations = 16;

    /// <summary>Lowest number of lanes accepted.</summary>
    public const int MinimumParallelism = 4;

    /// <summary>Highest number of lanes accepted.</summary>
    public const int MaximumParallelism = 16;

    /// <summary>Creates settings, refusing values outside the floors and ceilings.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is below its floor or above its ceiling.</exception>
    public Argon2Settings(int memoryKiB, int iterations, int parallelism)
    {
        var problem = Check(memoryKiB, iterations, parallelism);
        if (problem is not null)
        {
            throw new ArgumentOutOfRangeException(problem.Value.Parameter, problem.Value.Message);
        }

        MemoryKiB = memoryKiB;
        Iterations = iterations;
        Parallelism = parallelism;
    }

    /// <summary>The floors themselves: about 230 ms per unlock on the reference machine (docs/decisions/0002).</summary>
    public static Argon2Settings Default { get; } = new(MinimumMemoryKiB, MinimumIterations, MinimumParallelism);

    /// <summary>Memory cost m, in KiB.</summary>
    public int MemoryKiB { get; }

    /// <summary>Number of passes t.</summary>
    public int Iterations { get; }

    /// <summary>Number of lanes p.</summary>
    public int Parallelism { get; }

    /// <summary>Settings read from an untrusted header, or null with the reason when they are out of bounds.</summary>
    internal static Argon2Settings? TryCreate(long memoryKiB, long iterations, long parallelism, out string? problem)
    {
        if (memoryKiB is < 0 or > int.MaxValue || iterations is < 0 or > int.MaxValue || parallelism is < 0 or > int.MaxValue)
        {
            problem = "Argon2 parameters out of range";
            return null;
        }

        problem = Check((int)memoryKiB, (int)iterations, (int)parallelism)?.Message;
        return problem is null ? new Argon2Settings((int)memoryKiB, (int)iterations, (int)parallelism) : null;
    }

    static (string Parameter, string Message)? Check(int memoryKiB, int iterations, int parallelism)
    {
        if (memoryKiB is < MinimumMemoryKiB or > MaximumMemoryKiB)
        {
            return (nameof(memoryKiB), $"Argon2 memory must be {MinimumMemoryKiB}..{MaximumMemoryKiB} KiB, not {memoryKiB}");
        }

        if (iterations is < MinimumIterations or > MaximumIterations)
        {
            return (nameof(iterations), $"Argon2 iterations must be {MinimumIterations}..{MaximumIterations}, not {iterations}");
        }

        if (parallelism is < MinimumParallelism or > MaximumParallelism)
        {
            return (nameof(parallelism), $"Argon2 parallelism must be {MinimumParallelism}..{MaximumParallelism}, not {parallelism}");
        }

        return null;
    }
}
