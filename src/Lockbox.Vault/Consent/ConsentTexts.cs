// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Consent;

/// <summary>
/// The current consent texts. The CLI prints them and the web page (issue 6) shows them before the user
/// agrees; the audit entry records <see cref="ConsentText.Label"/>.
/// </summary>
public static class ConsentTexts
{
    /// <summary>Turning mailbox encryption on with a key the server generates (issue 5, item 2).</summary>
    public static ConsentText Encryption { get; } = new("encryption", 1,
        "Lockbox will create an encryption key for your mailbox, lock it with your mailbox password, and encrypt "
        + "every message you have and every message that arrives. Someone who gets hold of the server's disks or "
        + "backups cannot read your mail. It does not protect mail while you are logged in, mail on its way to "
        + "this server, or mail on your own devices. If you forget your password, your mail cannot be read "
        + "again unless you have agreed to key escrow.");

    /// <summary>Agreeing that the provider keeps an escrow copy of the key (issue 5, item 6).</summary>
    public static ConsentText Escrow { get; } = new("escrow", 1,
        "Your provider will keep a copy of your mailbox key, encrypted to a master key that is kept offline and "
        + "never on this server. With it, the provider can give you your mail back if you forget your password, "
        + "and can be made to open it for a legal demand. Every recovery is written to an audit log you can read.");

    /// <summary>The warning a user accepts when opting out of escrow (issue 5, item 6).</summary>
    public static ConsentText EscrowOptOut { get; } = new("escrow-opt-out", 1,
        "Your provider will delete its escrow copy of your mailbox key and keep none. If you then forget your "
        + "password, nobody, not even your provider, can read your mail again.");
}
