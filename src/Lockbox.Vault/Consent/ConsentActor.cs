// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Consent;

/// <summary>Who gave a consent or made a choice on the user's behalf; the audit entry names it.</summary>
public enum ConsentActor
{
    /// <summary>An administrator, with the user's password (the CLI).</summary>
    Administrator,

    /// <summary>The user, logged in (the web page).</summary>
    User,
}
