// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts.Portal;

/// <summary>
/// The verdict on an uploaded key before anything changes (<see cref="IKeyPortal.CheckKeyAsync"/>): the key policy
/// and what the user's current state allows, in plain words.
/// </summary>
/// <param name="Accepted">Whether <see cref="IKeyPortal.ImportKeyAsync"/> can take this key in at least one of <paramref name="Modes"/>.</param>
/// <param name="Verdict">One or two sentences for the page: what the key is and what importing it would do, or why not.</param>
/// <param name="Key">The key's public facts; null when the file is not a readable OpenPGP key.</param>
/// <param name="Content">What the file holds; null when it is not a readable key.</param>
/// <param name="Modes">The modes it can be imported in now, the recommended one first; empty when rejected.</param>
/// <param name="Reasons">
/// One line per rejection: a key policy rule (starting "rejected: ", naming the rule and the key ID, e.g. "rejected:
/// primary key 0x... is RSA 1024 bits; the minimum is 2048"), or what the user's state forbids. Empty when accepted.
/// </param>
/// <param name="ServerSecretKeysToDiscard">
/// For a public key: how many secret keys of the user the server holds and would delete for zero-access (the import
/// needs <see cref="KeyUpload.DiscardServerKeys"/> then; download the secret key first). 0 otherwise.
/// </param>
public sealed record KeyCheckResult(
    bool Accepted,
    string Verdict,
    KeyDetails? Key,
    KeyFileContent? Content,
    IReadOnlyList<KeyUploadMode> Modes,
    IReadOnlyList<string> Reasons,
    int ServerSecretKeysToDiscard);
