// SPDX-License-Identifier: MIT
using System.Diagnostics;
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Messages;
using Lockbox.Storage;
using Lockbox.Storage.Blobs;
using Lockbox.Vault.Blobs;
using Lockbox.Vault.Contracts;
using Lockbox.Vault.Metadata;

namespace Lockbox.Vault.Delivery;

/// <summary>
/// One recipient's copy while the message streams in: a pending blob, written through the
/// recipient's encryptor when the user has encryption on. A write failure (disk full) marks only
/// this copy as failed, so the other recipients still get theirs.
/// </summary>
internal sealed class RecipientCopy : IAsyncDisposable
{
    readonly PendingBlob _blob;
    readonly Stream _writer;
    readonly MessageSession? _session;
    bool _finished;

    RecipientCopy(
        string recipient, UserRecord user, PublicCertificate? certificate, MessageSession? session, PendingBlob blob, Stream writer, IReadOnlyList<HeaderField> traceFields, long traceLength)
    {
        Recipient = recipient;
        User = user;
        Certificate = certificate;
        _session = session;
        _blob = blob;
        _writer = writer;
        TraceFields = traceFields;
        TraceLength = traceLength;
    }

    public string Recipient { get; }

    public UserRecord User { get; }

    /// <summary>The key the copy is encrypted to; null for a user without encryption (cleartext storage).</summary>
    public PublicCertificate? Certificate { get; }

    public IReadOnlyList<HeaderField> TraceFields { get; }

    public long TraceLength { get; }

    /// <summary>Why this copy failed, or null while it is healthy.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>
    /// Opens the copy and writes the trace headers. For an encrypted user the blob only ever receives
    /// ciphertext: the encryptor is opened before the first byte and there is no cleartext path.
    /// </summary>
    public static async Task<RecipientCopy> OpenAsync(
        string recipient, UserRecord user, PublicCertificate? certificate, string? returnPath, Func<PendingBlob> newBlob, CancellationToken cancellationToken)
    {
        // The session first: a certificate without a usable key fails here, before any blob exists.
        MessageSession? session = null;
        PendingBlob? blob = null;
        try
        {
            if (certificate is not null)
            {
                var started = Stopwatch.GetTimestamp();
                session = MessageSession.Open([certificate]);
                VaultMetrics.EncryptionTook(Stopwatch.GetElapsedTime(started));
            }

            blob = newBlob();
            var writer = session is null ? blob.Content : session.OpenEncryptingStream(blob.Content);
            var (bytes, fields) = returnPath is null ? ([], []) : TraceHeaders.For(returnPath, recipient);
            await writer.WriteAsync(bytes, cancellationToken);
            return new RecipientCopy(recipient, user, certificate, session, blob, writer, fields, bytes.Length);
        }
        catch
        {
            session?.Dispose();
            if (blob is not null)
            {
                await blob.DisposeAsync();
            }

            throw;
        }
    }

    public async Task WriteAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
    {
        if (Failure is not null)
        {
            return;
        }

        try
        {
            await _writer.WriteAsync(chunk, cancellationToken);
        }
        catch (IOException e)
        {
            Failure = e;
        }
    }

    /// <summary>True once <see cref="FinishAsync"/> left the whole blob in memory: its commit waits on no disk.</summary>
    public bool InMemory => _finished && _blob.InMemory;

    /// <summary>Ends the OpenPGP message (its last packet and MDC). Writes to memory or a file buffer, never waits on a fsync.</summary>
    public async Task FinishAsync()
    {
        if (!_finished && !ReferenceEquals(_writer, _blob.Content))
        {
            await _writer.DisposeAsync();
        }

        _finished = true;
    }

    /// <summary>Finishes the message if not yet done, then commits the blob (a durable file, or bytes to store with the row).</summary>
    public async Task<StoredBlob> CommitAsync(CancellationToken cancellationToken)
    {
        await FinishAsync();
        return await _blob.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// A per-message record (the metadata record, DESIGN.md section 3) as stored: cleartext for a user
    /// without encryption, else an OpenPGP message under the message's own session key, so the record
    /// costs no public-key operation of its own (docs/decisions/0008).
    /// </summary>
    public byte[] SealRecord(byte[] plaintext) => _session is null ? plaintext : _session.Encrypt(plaintext);

    /// <summary>Discards the blob unless it was committed, and zeroes the session key.</summary>
    public ValueTask DisposeAsync()
    {
        _session?.Dispose();
        return _blob.DisposeAsync();
    }
}
