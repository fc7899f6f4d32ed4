// SPDX-License-Identifier: MIT
namespace Lockbox.Vault;

/// <summary>Settings of the storage agent (configuration section <c>Vault</c>).</summary>
public sealed class VaultOptions
{
    /// <summary>
    /// The sub-addressing separator: mail to "alice+lists@example.org" goes to alice@example.org
    /// (Postfix's recipient_delimiter, Dovecot's recipient_delimiter). Empty turns it off.
    /// </summary>
    public string RecipientDelimiter { get; set; } = "+";

    /// <summary>Argon2id memory cost for stored keys and password verifiers, in KiB. The floor is 64 MiB.</summary>
    public int Argon2MemoryKiB { get; set; } = 64 * 1024;

    /// <summary>Argon2id passes. The floor is 3.</summary>
    public int Argon2Iterations { get; set; } = 3;

    /// <summary>Argon2id lanes. The floor is 4.</summary>
    public int Argon2Parallelism { get; set; } = 4;

    /// <summary>
    /// How long a user's unlocked key stays in memory after their last session ends, so a client that
    /// reconnects at once does not pay Argon2 again (DESIGN.md section 4). Then it is dropped and zeroed.
    /// </summary>
    public TimeSpan SessionGracePeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The cap on each message's searchable body text, in characters (docs/decisions/0009). Text beyond it
    /// is not found by SEARCH BODY or TEXT. Header fields are always searchable in full.
    /// </summary>
    public int SearchTextLimit { get; set; } = Search.SearchTextCollector.DefaultLimit;

    /// <summary>
    /// Decrypted search documents kept in memory per unlocked user, in bytes, so that repeated searches
    /// decrypt nothing. Dropped with the user's unlocked state.
    /// </summary>
    public long SearchCacheBytes { get; set; } = Caching.UserCaches.DefaultSearchDocumentBytes;

    /// <summary>
    /// Compact copies of the header fields SEARCH asks for most (Subject, From, To, Cc, Bcc, Message-ID) kept in
    /// memory per unlocked user, in bytes, so that header searches scan a few hundred bytes per message
    /// (docs/decisions/0014). Dropped with the user's unlocked state.
    /// </summary>
    public long SearchFieldCacheBytes { get; set; } = Caching.UserCaches.DefaultSearchFieldBytes;

    /// <summary>
    /// From this many messages on, listing a mailbox (SELECT, a refresh) packs the cached compact search documents
    /// of its messages into one array in the background, so that the first header search after it scans them at
    /// once (docs/benchmarks.md). Below it, a search gathers them itself in well under a millisecond.
    /// </summary>
    public int SearchPackAheadRows { get; set; } = 1000;

    /// <summary>
    /// Decoded metadata records (what FETCH ENVELOPE, BODYSTRUCTURE, RFC822.SIZE and header sections read) kept in
    /// memory per unlocked user, in bytes (estimated), so that a repeated FETCH decrypts nothing (docs/decisions/0014).
    /// Dropped, and header octets zeroed, with the user's unlocked state.
    /// </summary>
    public long MetadataCacheBytes { get; set; } = Caching.UserCaches.DefaultMetadataBytes;

    /// <summary>The Argon2id settings, checked against the floors.</summary>
    internal Crypto.Protection.Argon2Settings Argon2Settings() => new(Argon2MemoryKiB, Argon2Iterations, Argon2Parallelism);
}
