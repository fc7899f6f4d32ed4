// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Portal;

/// <summary>The audit log's event names (kebab-case literals) in plain words for the user who reads their own entries.</summary>
internal static class AuditTitles
{
    static readonly Dictionary<string, string> Titles = new(StringComparer.Ordinal)
    {
        ["encryption-enabled"] = "Encryption turned on",
        ["password-changed"] = "Password changed",
        ["key-passphrase-set"] = "Separate key passphrase set",
        ["key-passphrase-removed"] = "Separate key passphrase removed",
        ["key-rotated"] = "New key created",
        ["key-imported"] = "Own key uploaded",
        ["secret-key-downloaded"] = "Secret key downloaded",
        ["escrow-consent"] = "Agreed to key escrow",
        ["escrow-opt-out"] = "Opted out of key escrow",
        ["escrow-exported"] = "Escrow recovery requested by the provider",
        ["escrow-restored"] = "Key recovered from escrow",
        ["mail-imported"] = "Mail imported",
    };

    public static string Title(string eventName) => Titles.GetValueOrDefault(eventName) ?? eventName;
}
