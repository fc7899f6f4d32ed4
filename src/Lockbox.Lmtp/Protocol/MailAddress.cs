// SPDX-License-Identifier: MIT
using System.Text;

namespace Lockbox.Lmtp.Protocol;

/// <summary>A syntax check of "local-part@domain" (RFC 5321 section 4.1.2), lenient where MTAs are.</summary>
public static class MailAddress
{
    /// <summary>RFC 5321 section 4.5.3.1.3: a path is at most 256 octets.</summary>
    public const int MaxLength = 256;

    public static bool IsValid(string address)
    {
        if (address.Length > MaxLength)
        {
            return false;
        }

        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1)
        {
            return false;
        }

        var local = address[..at];
        var domain = address[(at + 1)..];
        var localOk = local.StartsWith('"') ? local.Length >= 2 && local.EndsWith('"') : !local.Contains(' ', StringComparison.Ordinal);
        return localOk && !domain.Contains(' ', StringComparison.Ordinal) && !domain.Contains('@', StringComparison.Ordinal);
    }

    /// <summary>
    /// The address with a quoted local part unquoted when its content is a plain Dot-string: <c>"bob"@example.org</c> and
    /// <c>"b\ob"@example.org</c> are the mailbox <c>bob@example.org</c> (RFC 5321 section 4.1.2, quoted-pairSMTP; RFC 5322
    /// section 3.4.1: the quoted form SHOULD NOT be used where the dot-atom form can be, so the two name one mailbox).
    /// A local part that needs its quotes (<c>"john doe"</c>) keeps them. Expects an address <see cref="IsValid"/> accepted.
    /// </summary>
    public static string Canonical(string address)
    {
        var at = address.LastIndexOf('@');
        if (at < 2 || address[0] != '"' || address[at - 1] != '"')
        {
            return address;
        }

        var content = new StringBuilder(at);
        for (var i = 1; i < at - 1; i++)
        {
            content.Append(address[i] == '\\' && i + 1 < at - 1 ? address[++i] : address[i]);
        }

        var local = content.ToString();
        return IsDotString(local) ? local + address[at..] : address;
    }

    /// <summary>RFC 5321 section 4.1.2: Dot-string = Atom *("." Atom), Atom = 1*atext (RFC 5322 section 3.2.3).</summary>
    static bool IsDotString(string local) =>
        local.Length > 0 && local.Split('.').All(atom => atom.Length > 0 && atom.All(IsAtext));

    static bool IsAtext(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-/=?^_`{|}~".Contains(c) || c > 127;
}
