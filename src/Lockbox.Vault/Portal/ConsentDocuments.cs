// SPDX-License-Identifier: MIT
using Lockbox.Vault.Consent;
using Lockbox.Vault.Contracts.Portal;

namespace Lockbox.Vault.Portal;

/// <summary>The consent texts of <see cref="ConsentTexts"/> by <see cref="ConsentKind"/>, and the check that a consent names the current one.</summary>
internal static class ConsentDocuments
{
    public static ConsentText Text(ConsentKind kind) => kind switch
    {
        ConsentKind.Encryption => ConsentTexts.Encryption,
        ConsentKind.Escrow => ConsentTexts.Escrow,
        ConsentKind.EscrowOptOut => ConsentTexts.EscrowOptOut,
        _ => throw new KeyPortalException(KeyPortalError.InvalidInput, $"no consent text {kind}"),
    };

    public static ConsentDocument Document(ConsentKind kind)
    {
        var text = Text(kind);
        return new ConsentDocument(kind, text.Label, text.Version, text.Text);
    }

    /// <summary>
    /// Refuses a consent to words other than the current text: the audit entry records the current label, so a page
    /// rendered before the text changed must show the new one first.
    /// </summary>
    public static void RequireCurrent(ConsentKind kind, string? label)
    {
        var text = Text(kind);
        if (!string.Equals(label, text.Label, StringComparison.Ordinal))
        {
            throw new KeyPortalException(KeyPortalError.ConsentOutdated,
                $"the text agreed to ({label ?? "none"}) is not the current one ({text.Label}): read the current text and agree again");
        }
    }
}
