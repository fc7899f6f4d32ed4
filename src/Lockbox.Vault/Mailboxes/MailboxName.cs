// SPDX-License-Identifier: MIT
using System.Text;
using Lockbox.Vault.Contracts;

namespace Lockbox.Vault.Mailboxes;

/// <summary>
/// The one place mailbox names are checked, for every front end (docs/decisions/0011-mailbox-names.md).
/// Names are Unicode (stored as UTF-8); IMAP's modified UTF-7 is the front end's business.
/// </summary>
internal static class MailboxName
{
    public const char Delimiter = '/';

    /// <summary>Longest name in UTF-8 bytes. Dovecot's MAILBOX_LIST_NAME_MAX_LENGTH is 4096; 512 is ample for real folders.</summary>
    public const int MaxBytes = 512;

    /// <summary>Deepest hierarchy (levels). Bounds the work of superiors and LIST matching; real folder trees are far shallower.</summary>
    public const int MaxDepth = 16;

    /// <summary>
    /// The canonical form of a valid name (a first level "INBOX" in any case becomes "INBOX", RFC 3501 section 5.1),
    /// or throws <see cref="MailboxOperationException"/> with <see cref="MailboxError.InvalidName"/>.
    /// </summary>
    public static string Validate(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var reason = Problem(name);
        if (reason is not null)
        {
            throw new MailboxOperationException(MailboxError.InvalidName, "Invalid mailbox name: " + reason);
        }

        return Canonical(name);
    }

    /// <summary>A first level "INBOX" in any case becomes "INBOX"; nothing else changes.</summary>
    public static string Canonical(string name)
    {
        var end = name.IndexOf(Delimiter, StringComparison.Ordinal);
        var first = end < 0 ? name : name[..end];
        return first.Equals("INBOX", StringComparison.OrdinalIgnoreCase) ? "INBOX" + name[first.Length..] : name;
    }

    /// <summary>The names of the superiors of <paramref name="name"/>, outermost first ("a", "a/b" for "a/b/c").</summary>
    public static IEnumerable<string> Superiors(string name)
    {
        for (var i = name.IndexOf(Delimiter, StringComparison.Ordinal); i >= 0; i = name.IndexOf(Delimiter, i + 1))
        {
            yield return name[..i];
        }
    }

    /// <summary>Whether <paramref name="name"/> is <paramref name="ancestor"/> or lies below it.</summary>
    public static bool IsSelfOrInferior(string name, string ancestor) =>
        name == ancestor || name.StartsWith(ancestor + Delimiter, StringComparison.Ordinal);

    static string? Problem(string name)
    {
        if (name.Length == 0)
        {
            return "empty";
        }

        if (Encoding.UTF8.GetByteCount(name) > MaxBytes)
        {
            return "too long";
        }

        if (name[0] is '#' or '~')
        {
            // RFC 2342 section 4 / RFC 3501 section 5.1: "#" starts another namespace, and "~" is the usual
            // prefix of other users' ones. Only the personal namespace exists here.
            return "other namespaces are not available";
        }

        var levels = name.Split(Delimiter);
        if (levels.Length > MaxDepth)
        {
            return "too deep";
        }

        foreach (var level in levels)
        {
            if (level.Length == 0)
            {
                return "empty hierarchy level";
            }

            if (level is "." or "..")
            {
                return "\".\" and \"..\" are not names";
            }
        }

        foreach (var rune in name.EnumerateRunes())
        {
            // Control characters (C0, DEL, C1), the line and paragraph separators (RFC 9755 section 3) and the LIST
            // wildcards (RFC 3501 section 6.3.8) cannot be part of a name.
            if (Rune.IsControl(rune) || rune.Value is '*' or '%' or '\u2028' or '\u2029')
            {
                return "control, separator and wildcard characters are not allowed";
            }
        }

        return IsWellFormed(name) ? null : "not well-formed Unicode";
    }

    static bool IsWellFormed(string name)
    {
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsHighSurrogate(name[i]) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(name[i]))
            {
                return false;
            }
        }

        return true;
    }
}
