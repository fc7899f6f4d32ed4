// SPDX-License-Identifier: MIT
using System.Security.Cryptography;
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Mailbox;
using Lockbox.Storage;
using Lockbox.Vault.Caching;

namespace Lockbox.Vault.Sessions;

/// <summary>
/// One user's unlocked state, shared by all of their sessions on this node and reference-counted. It
/// holds the unlocked keys (old ones too, for old mail), the mailbox key, and an HMAC of the password
/// under a per-process random key: a further login with the same password is checked against it instead
/// of running Argon2 again (DESIGN.md section 4, "login cost").
/// </summary>
internal sealed class UnlockedUser : IDisposable
{
    readonly byte[] _passwordTag;
    volatile IReadOnlyList<UnlockedKey> _keys;
    int _references;

    public UnlockedUser(UserRecord user, IReadOnlyList<UnlockedKey> keys, MailboxKey? mailboxKey, byte[] passwordTag)
    {
        User = user;
        _keys = keys;
        MailboxKey = mailboxKey;
        _passwordTag = passwordTag;
    }

    public UserRecord User { get; }

    /// <summary>Every secret key of the user, the active one first. Empty for users without a key on the server.</summary>
    public IReadOnlyList<UnlockedKey> Keys => _keys;

    /// <summary>The mailbox key; null for users without encryption.</summary>
    public MailboxKey? MailboxKey { get; }

    /// <summary>Decrypted metadata, search documents and message rows, shared by the user's sessions; zeroed with this state.</summary>
    public UserCaches Caches { get; init; } = new(UserCaches.DefaultSearchDocumentBytes, UserCaches.DefaultSearchFieldBytes, UserCaches.DefaultMetadataBytes);

    /// <summary>Live sessions using this state.</summary>
    public int References => Volatile.Read(ref _references);

    /// <summary>Incremented every time the last session ends, so a stale grace timer can tell it lost.</summary>
    public int Generation { get; private set; }

    /// <summary>
    /// Whether a login may use this state without Argon2: <paramref name="current"/> (the user's row, as this login read it)
    /// is at the credential version and encryption state this state was unlocked at, and the secret is the same. A change
    /// made by another process (the CLI) raises the version, so the old secret stops matching here too (docs/decisions/0027).
    /// </summary>
    public bool Admits(UserRecord current, ReadOnlySpan<byte> passwordTag) =>
        current.CredentialVersion == User.CredentialVersion && current.Encryption == User.Encryption
        && CryptographicOperations.FixedTimeEquals(_passwordTag, passwordTag);

    /// <summary>The user's credentials changed since this state was unlocked (<paramref name="current"/> is newer).</summary>
    public bool IsOutdatedBy(UserRecord current) => current.CredentialVersion > User.CredentialVersion;

    public void AddReference() => Interlocked.Increment(ref _references);

    /// <summary>
    /// A key rotated in while sessions are open becomes the first (active) key, so they read mail encrypted
    /// to it. This state owns it from now on. Callers serialise (the session service's lock).
    /// </summary>
    public void AddKey(UnlockedKey key) => _keys = [key, .. _keys];

    /// <summary>Returns true when this was the last session.</summary>
    public bool Release()
    {
        if (Interlocked.Decrement(ref _references) != 0)
        {
            return false;
        }

        Generation++;
        return true;
    }

    public void Dispose()
    {
        foreach (var key in _keys)
        {
            key.Dispose();
        }

        MailboxKey?.Dispose();
        Caches.Dispose();
        CryptographicOperations.ZeroMemory(_passwordTag);
    }
}
