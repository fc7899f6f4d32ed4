// SPDX-License-Identifier: MIT
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
}
