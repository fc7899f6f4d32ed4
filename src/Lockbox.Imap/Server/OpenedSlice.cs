// SPDX-License-Identifier: MIT
using System.Buffers;
using Lockbox.Vault.Contracts;

namespace Lockbox.Imap.Server;

/// <summary>
/// A FETCH body slice made ready before any byte of its response is written: the message opened, positioned at the
/// slice's start, and its first chunk read. Vault releases no plaintext of an encrypted message before it has read and
/// verified the whole of it (docs/decisions/0003, up to 16 MiB), so a store that cannot answer fails here, while the
/// response can still become a tagged NO, and not after the literal's count was sent, when only closing the connection
/// keeps the framing.
/// </summary>
internal sealed class OpenedSlice : IAsyncDisposable
{
    // Enough to wait for Vault's first release; the rest goes from the stream straight into the connection's pipe.
    const int FirstChunkSize = 1024;

    readonly byte[]? _first;

    OpenedSlice(Stream? stream, byte[]? first, int firstCount)
    {
        Stream = stream;
        _first = first;
        FirstCount = firstCount;
    }

    /// <summary>The message, past the first chunk; null when it was expunged meanwhile (the response says NIL).</summary>
    public Stream? Stream { get; }

    /// <summary>The slice's first bytes (up to 1 KiB), already read.</summary>
    public ReadOnlySpan<byte> First => _first.AsSpan(0, FirstCount);

    public int FirstCount { get; }

    /// <exception cref="MailboxOperationException">(<see cref="MailboxError.Unavailable"/>) The store cannot answer now.</exception>
    public static async Task<OpenedSlice> OpenAsync(FetchResponseItem.Slice slice, int skipChunkSize, CancellationToken cancellationToken)
    {
        Stream stream;
        try
        {
            stream = await slice.Mail.OpenMessageAsync(slice.Mailbox, slice.Uid, cancellationToken);
        }
        catch (MessageNotFoundException)
        {
            // Another session expunged it and this one has not been told yet (no EXPUNGE during FETCH, RFC 3501
            // section 7.4.1): RFC 2180 section 4.1.3 lets the server answer NIL for the message's data.
            return new OpenedSlice(null, null, 0);
        }

        byte[]? first = null;
        try
        {
            await SkipAsync(stream, slice.Start, skipChunkSize, cancellationToken);
            first = ArrayPool<byte>.Shared.Rent(FirstChunkSize);
            var count = slice.Length == 0 ? 0 : await stream.ReadAsync(first.AsMemory(0, (int)Math.Min(slice.Length, FirstChunkSize)), cancellationToken);
            return new OpenedSlice(stream, first, count);
        }
        catch
        {
            Return(first);
            await stream.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Return(_first);
        if (Stream is not null)
        {
            await Stream.DisposeAsync();
        }
    }

    /// <summary>Back to the pool zeroed: the chunk is plaintext.</summary>
    static void Return(byte[]? array)
    {
        if (array is not null)
        {
            ArrayPool<byte>.Shared.Return(array, clearArray: true);
        }
    }

    static async Task SkipAsync(Stream stream, long count, int chunkSize, CancellationToken cancellationToken)
    {
        if (count == 0)
        {
            return;
        }

        if (stream.CanSeek)
        {
            stream.Seek(count, SeekOrigin.Current);
            return;
        }

        // Plaintext too, like the first chunk: pooled, and zeroed when returned.
        var size = (int)Math.Min(count, chunkSize);
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            while (count > 0)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(count, size)), cancellationToken);
                if (read == 0)
                {
                    throw new InvalidDataException("The stored message is shorter than its recorded size.");
                }

                count -= read;
            }
        }
        finally
        {
            Return(buffer);
        }
    }
}
