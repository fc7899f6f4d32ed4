// SPDX-License-Identifier: MIT
namespace Lockbox.Load.Bench;

/// <summary>One encrypted user of the load run: its login and the password its key is protected with.</summary>
public sealed record LoadUser(int Index, string Address, string Password)
{
    /// <summary>The users a run of <paramref name="count"/> uses: load0@example.org, load1@example.org, ...</summary>
    public static IReadOnlyList<LoadUser> Range(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new LoadUser(i, $"load{i}@example.org", $"load password {i}"))];
}
