// SPDX-License-Identifier: MIT
namespace Lockbox.Vault;

/// <summary>
/// What kind of refusal a <see cref="VaultException"/> is, for callers that answer each kind differently (the key
/// portal maps them to <c>KeyPortalError</c>); the CLI prints the message whatever the kind.
/// </summary>
public enum VaultError
{
    /// <summary>The operation is not possible as asked, for the reason in the message.</summary>
    Refused,

    /// <summary>A password or a key passphrase did not check out.</summary>
    WrongPassword,

    /// <summary>A key's own passphrase (not the login password) did not open its secret part.</summary>
    WrongKeyPassphrase,

    /// <summary>Another process is running the same job now; it continues there.</summary>
    Busy,
}
