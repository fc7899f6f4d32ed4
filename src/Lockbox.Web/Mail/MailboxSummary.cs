// SPDX-License-Identifier: MIT
namespace Lockbox.Web.Mail;

/// <summary>A folder in the folder list.</summary>
/// <param name="Name">The full mailbox name ("INBOX", "Archive/2026").</param>
/// <param name="SpecialUse">RFC 6154 use without the backslash ("Trash"), or null.</param>
/// <param name="Total">Messages in it.</param>
/// <param name="Unread">Messages without \Seen.</param>
public sealed record MailboxSummary(string Name, string? SpecialUse, int Total, int Unread);
