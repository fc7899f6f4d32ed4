// SPDX-License-Identifier: MIT
using System.Text;

namespace Lockbox.Vault.Contracts.Portal;

/// <summary>An uploaded key and how to keep it (<see cref="IKeyPortal.ImportKeyAsync"/>).</summary>
/// <param name="KeyData">The key file: ASCII-armored text or binary, exactly one key.</param>
/// <param name="Password">The user's login password, in every mode; it keeps working for login.</param>
/// <param name="Mode">How to keep the key; it must be one of <see cref="KeyCheckResult.Modes"/>.</param>
/// <param name="KeyPassphrase">The key's own passphrase, for <see cref="KeyUploadMode.OtherPassphrase"/> and <see cref="KeyUploadMode.KeepPassphrase"/>; else null.</param>
/// <param name="DiscardServerKeys">
/// For <see cref="KeyUploadMode.PublicKeyOnly"/> while the server holds secret keys of the user: the user agrees that
/// they are deleted, so mail stored so far can be read only with a copy the user downloaded.
/// </param>
public sealed record KeyUpload(byte[] KeyData, string Password, KeyUploadMode Mode, string? KeyPassphrase = null, bool DiscardServerKeys = false)
{
    // A record prints every member: a logged upload must not carry the password, the passphrase or a secret key.
    bool PrintMembers(StringBuilder builder)
    {
        builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"KeyData = {KeyData.Length} bytes, Mode = {Mode}, DiscardServerKeys = {DiscardServerKeys}");
        return true;
    }
}
