// SPDX-License-Identifier: MIT
using System.IO.Pipelines;
using Lockbox.Crypto.Messages;
using Lockbox.Storage;

namespace Lockbox.Vault.Sessions;

internal sealed partial class MailSession
{
    // The decryptor writes into a pipe that holds at most this much plaintext before it waits for the
    // reader: a large message is never held whole here (issue 4, "never buffer a whole large message").
    const long PipePause = 1 << 20;

    /// <summary>
    /// The plaintext of an encrypted message as it is released. The decryptor verifies before it releases
    /// (docs/decisions/0003): up to 16 MiB in its own buffers, above that with a verify pass and a release
    /// pass, so this stream never yields a byte the MDC has not vouched for. A failure reaches the reader
    /// as the exception of its next read.
    /// </summary>
    DecryptingReadStream OpenDecrypting(MessageRecord message)
    {
        var pipe = new Pipe(new PipeOptions(
            pool: ZeroingMemoryPool.Instance, pauseWriterThreshold: PipePause, resumeWriterThreshold: PipePause / 2, useSynchronizationContext: false));
        var stop = new CancellationTokenSource();
        var producer = Task.Run(() => DecryptIntoAsync(message, pipe.Writer, stop.Token));
        return new DecryptingReadStream(pipe.Reader, producer, stop);
    }

    async Task DecryptIntoAsync(MessageRecord message, PipeWriter writer, CancellationToken cancellationToken)
    {
        try
        {
            await using var destination = writer.AsStream(leaveOpen: true);
            await Decryption.WithAnyKeyAsync(_state.Keys, async key =>
            {
                await using var blob = await _blobs.OpenReadAsync(message.BlobId, cancellationToken);
                await MessageDecryptor.DecryptAsync(blob, key, destination, cancellationToken);
                return true;
            });
            await writer.CompleteAsync();
        }
        catch (Exception e)
        {
            // Not swallowed: the reader gets it on its next read (integrity failure, no key, cancellation), and a store
            // that cannot answer as the contract's Unavailable, as every other session call says it.
            await writer.CompleteAsync(e is StoreUnavailableException unavailable ? Unavailable(unavailable) : e);
        }
    }
}
