// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Consent;

/// <summary>
/// One text a user (or an administrator acting with the user's password) agrees to. The version is
/// recorded with every consent, so the audit log shows exactly which words were shown; a changed text
/// gets a new version, never an edit in place.
/// </summary>
/// <param name="Kind">What is agreed to, a kebab-case name such as "encryption".</param>
/// <param name="Version">The version of <paramref name="Text"/>, starting at 1.</param>
/// <param name="Text">The words shown, in plain language.</param>
public sealed record ConsentText(string Kind, int Version, string Text)
{
    /// <summary>How the audit log names this text: kind and version, e.g. "encryption v1".</summary>
    public string Label => $"{Kind} v{Version}";
}
