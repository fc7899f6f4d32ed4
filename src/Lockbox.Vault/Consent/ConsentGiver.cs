// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Consent;

/// <summary>Who agreed to a consent text: the audit entry names them (issue 5: "who, when, and the exact text version").</summary>
public enum ConsentGiver
{
    /// <summary>The user, logged in with their password (the web, issue 6).</summary>
    User,

    /// <summary>An administrator acting with the user's password (the CLI).</summary>
    AdministratorWithPassword,
}
