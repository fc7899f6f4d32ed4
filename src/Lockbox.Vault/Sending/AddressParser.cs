// SPDX-License-Identifier: MIT
using Lockbox.Vault.Contracts.Sending;
using MimeKit;

namespace Lockbox.Vault.Sending;

/// <summary>Parses a To, Cc or Bcc field as typed into mailbox addresses (RFC 5322 section 3.4), with errors for people.</summary>
internal static class AddressParser
{
    /// <summary>The addresses of <paramref name="text"/>; empty when it is blank. Groups are flattened to their members.</summary>
    /// <exception cref="ComposeRejectedException">The text is not an address list, or an entry is not a complete address.</exception>
    public static IReadOnlyList<MailboxAddress> Parse(string field, string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        if (!InternetAddressList.TryParse(ParserOptions.Default, text, out var list))
        {
            throw new ComposeRejectedException($"{field}: the addresses could not be read. Separate them with commas, like: Ann <ann@example.org>, bob@example.net", field);
        }

        var mailboxes = list.Mailboxes.ToList();
        foreach (var mailbox in mailboxes)
        {
            var at = mailbox.Address.LastIndexOf('@');
            if (at <= 0 || at == mailbox.Address.Length - 1 || mailbox.Address.Any(char.IsWhiteSpace))
            {
                throw new ComposeRejectedException($"{field}: \"{mailbox.Address}\" is not a complete e-mail address (name@domain).", field);
            }
        }

        return mailboxes;
    }
}
