// SPDX-License-Identifier: MIT
using System.Buffers;
using System.IO.Pipelines;

namespace Lockbox.Vault.Sessions;

/// <summary>
/// The reading end of a message being decrypted on another task. Disposing it stops the decryption
/// (a partial FETCH need not decrypt the rest) and waits for that task to finish.
/// </summary>
internal sealed class DecryptingReadStream(PipeReader reader, Task producer, CancellationTokenSource stop) : ForwardReadStream
{
    bool _done;
    int _closed;

    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("Plaintext is read asynchronously.");

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_done || buffer.Length == 0)
        {
            return 0;
        }

        var result = await reader.ReadAsync(cancellationToken);
        var available = result.Buffer;
        var count = (int)Math.Min(buffer.Length, available.Length);
        available.Slice(0, count).CopyTo(buffer.Span);
        reader.AdvanceTo(available.GetPosition(count));
        if (count == 0 && result.IsCompleted)
        {
            _done = true;
        }

        return count;
    }

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            await stop.CancelAsync();
            await reader.CompleteAsync();
            try
            {
                // The producer never throws: it hands every failure to the pipe.
                await producer;
            }
            finally
            {
                stop.Dispose();
            }
        }

        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        // Synchronous disposal cannot wait for the producer: it is told to stop and ends on its own.
        if (disposing && Interlocked.Exchange(ref _closed, 1) == 0)
        {
            stop.Cancel();
            reader.Complete();
        }

        base.Dispose(disposing);
    }
}
