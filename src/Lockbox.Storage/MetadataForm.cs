// SPDX-License-Identifier: MIT
namespace Lockbox.Storage;

/// <summary>How a message's metadata record is protected at rest.</summary>
public enum MetadataForm
{
    /// <summary>Cleartext JSON: the user has no encryption.</summary>
    Clear = 0,

    /// <summary>An OpenPGP message to the user's public key, as written at delivery (no session may be open then).</summary>
    PublicKey = 1,

    /// <summary>Sealed under the user's mailbox key after a login re-sealed it: opening costs no asymmetric operation.</summary>
    MailboxKey = 2,

    /// <summary>
    /// Zero-access users (<see cref="EncryptionState.PublicKeyOnly"/>): cleartext JSON of the few outer header fields
    /// (Date, From, To, Message-ID) the server shows on the PGP/MIME form it serves; everything else of the message
    /// is only inside the blob (docs/decisions/0018, docs/threat-model.md).
    /// </summary>
    OuterHeaders = 3,
}
