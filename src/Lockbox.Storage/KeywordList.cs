// SPDX-License-Identifier: MIT
namespace Lockbox.Storage;

/// <summary>
/// Keywords as the store keeps them: one space-separated column. A keyword is an atom (RFC 3501
/// section 9, flag-keyword), so it contains no space; keywords compare case-insensitively, as
/// Dovecot and Cyrus do, and keep the case they were first stored with.
/// </summary>
public static class KeywordList
{
    /// <summary>The column value for <paramref name="keywords"/>.</summary>
    public static string Format(IEnumerable<string> keywords) => string.Join(' ', keywords);

    /// <summary>The keywords of a column value.</summary>
    public static IReadOnlyList<string> Parse(string column) =>
        column.Length == 0 ? [] : column.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// <paramref name="current"/> changed by <paramref name="operation"/> with <paramref name="given"/>,
    /// keeping the order of first appearance.
    /// </summary>
    public static IReadOnlyList<string> Apply(IReadOnlyList<string> current, FlagOperation operation, IReadOnlyList<string> given)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(given);
        var result = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        IEnumerable<string> source = operation switch
        {
            FlagOperation.Replace => given,
            FlagOperation.Add => current.Concat(given),
            _ => current.Where(k => !given.Contains(k, StringComparer.OrdinalIgnoreCase)),
        };
        foreach (var keyword in source)
        {
            if (seen.Add(keyword))
            {
                result.Add(keyword);
            }
        }

        return result;
    }

    /// <summary>Whether the two lists hold the same keywords, ignoring case and order.</summary>
    public static bool SameSet(IReadOnlyList<string> a, IReadOnlyList<string> b) =>
        a.Count == b.Count && a.All(k => b.Contains(k, StringComparer.OrdinalIgnoreCase));
}
