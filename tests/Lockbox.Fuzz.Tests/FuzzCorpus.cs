// SPDX-License-Identifier: MIT
namespace Lockbox.Fuzz.Tests;

/// <summary>The committed inputs: fuzz/corpus/&lt;target&gt;/ (seeds) and fuzz/regressions/&lt;target&gt;/ (findings).</summary>
public static class FuzzCorpus
{
    /// <summary>The repository root: the directory above the test binaries that holds Lockbox.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The seed files of <paramref name="target"/>, in name order.</summary>
    public static IReadOnlyList<string> Seeds(string target) => Files(Path.Combine(Root, "fuzz", "corpus", target));

    /// <summary>The regression files of <paramref name="target"/>: each once crashed or hung it.</summary>
    public static IReadOnlyList<string> Regressions(string target) => Files(Path.Combine(Root, "fuzz", "regressions", target));

    static string[] Files(string directory) =>
        Directory.Exists(directory)
            ? [.. Directory.GetFiles(directory).Where(f => !f.EndsWith(".md", StringComparison.Ordinal)).Order(StringComparer.Ordinal)]
            : [];

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Lockbox.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Lockbox.sln above {AppContext.BaseDirectory}");
    }
}
