// SPDX-License-Identifier: MIT
using System.Text;
using System.Text.RegularExpressions;
using Lockbox.Vault.Contracts;

namespace Lockbox.Imap.Handlers;

/// <summary>Mailbox name rules shared by the handlers: the delimiter, INBOX, and LIST wildcards.</summary>
internal static class MailboxNames
{
    public const string Delimiter = "/";

    /// <summary>The mailbox <paramref name="name"/> refers to; "INBOX" matches in any case (RFC 3501 section 5.1).</summary>
    public static MailboxInfo? Find(IReadOnlyList<MailboxInfo> mailboxes, string name) =>
        mailboxes.FirstOrDefault(m => m.Name == name || (IsInbox(m.Name) && IsInbox(name)));

    public static async Task<MailboxInfo?> FindAsync(IMailSession mail, string name, CancellationToken cancellationToken) =>
        Find(await mail.ListMailboxesAsync(cancellationToken), name);

    /// <summary>
    /// A matcher for a LIST reference and pattern (RFC 3501 section 6.3.8): "*" matches anything,
    /// "%" anything but the delimiter. The reference is prefixed as the RFC's examples do.
    /// </summary>
    public static Func<string, bool> Matcher(string reference, string pattern)
    {
        var full = reference + pattern;
        var regex = new StringBuilder("^");
        foreach (var c in full)
        {
            regex.Append(c switch
            {
                '*' => ".*",
                '%' => "[^" + Regex.Escape(Delimiter) + "]*",
                _ => Regex.Escape(c.ToString()),
            });
        }

        var compiled = new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        var inbox = new Regex(compiled.ToString(), RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));
        return name => compiled.IsMatch(name) || (IsInbox(name) && inbox.IsMatch(name));
    }

    public static bool HasChildren(IReadOnlyList<MailboxInfo> mailboxes, string name) =>
        mailboxes.Any(m => m.Name.StartsWith(name + Delimiter, StringComparison.Ordinal));

    static bool IsInbox(string name) => name.Equals("INBOX", StringComparison.OrdinalIgnoreCase);
}
