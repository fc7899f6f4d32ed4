// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts.Portal;

/// <summary>Why the key portal refused; the exception's message says it in one line the user can act on.</summary>
public enum KeyPortalError
{
    /// <summary>Not possible in the user's current state (encryption already on, no key, key already known, ...).</summary>
    NotAllowed,

    /// <summary>
    /// The password (or key passphrase where one opens the key) is wrong. Also the answer for an unknown address in every
    /// call that takes a password, after the same work, so the two cannot be told apart.
    /// </summary>
    WrongPassword,

    /// <summary>The uploaded key's own passphrase does not open its secret part.</summary>
    WrongKeyPassphrase,

    /// <summary>No such user (only from calls that take no password).</summary>
    NoSuchUser,

    /// <summary>The file is not exactly one usable OpenPGP key.</summary>
    InvalidKey,

    /// <summary>The key policy rejects the key: <see cref="KeyPortalException.Reasons"/> names each rule and key.</summary>
    KeyRejected,

    /// <summary>The user is zero-access: the server holds no secret key, so it cannot do this.</summary>
    ZeroAccess,

    /// <summary>The server's escrow mode (or a missing escrow master key) does not allow this.</summary>
    EscrowMode,

    /// <summary>The consent label sent back is not the current text's: show the text again.</summary>
    ConsentOutdated,

    /// <summary>A missing or malformed argument (empty password, a passphrase equal to the password, a mode the file cannot take).</summary>
    InvalidInput,

    /// <summary>The store is unavailable for now; trying again later may work.</summary>
    Unavailable,
}
