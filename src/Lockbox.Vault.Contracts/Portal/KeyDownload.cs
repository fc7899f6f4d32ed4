// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts.Portal;

/// <summary>A key file for the user to save.</summary>
/// <param name="FileName">A suggested name, e.g. "alice@example.org-0123ABCD.asc" (ASCII only).</param>
/// <param name="ContentType">"application/pgp-keys" (RFC 3156 section 7).</param>
/// <param name="Armored">The ASCII-armored key. A secret key is protected for gpg 2.2 with the secret the user gave.</param>
public sealed record KeyDownload(string FileName, string ContentType, string Armored);
