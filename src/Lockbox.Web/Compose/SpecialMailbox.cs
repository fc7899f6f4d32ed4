// SPDX-License-Identifier: MIT
using Lockbox.Vault.Contracts;

namespace Lockbox.Web.Compose;

/// <summary>Finds the user's Sent or Drafts mailbox by its RFC 6154 special use, whatever it is called.</summary>
public static class SpecialMailbox
{
    /// <summary>The name of the mailbox marked <paramref name="use"/> ("Sent", "Drafts"), or <paramref name="use"/> itself when none is.</summary>
    public static async Task<string> FindAsync(IMailSession mail, string use, CancellationToken cancellationToken) =>
        (await mail.ListMailboxesAsync(cancellationToken)).FirstOrDefault(m => string.Equals(m.SpecialUse, use, StringComparison.OrdinalIgnoreCase))?.Name ?? use;
}
