// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.ZeroAccess;

/// <summary>Reads several streams one after the other, forward only; disposing it disposes them all.</summary>
internal sealed class ConcatenatedReadStream(IReadOnlyList<Stream> parts) : ForwardReadStream
{
    int _current;

    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("The served message is read asynchronously.");

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_current < parts.Count && !buffer.IsEmpty)
        {
            var read = await parts[_current].ReadAsync(buffer, cancellationToken);
            if (read > 0)
            {
                return read;
            }

            _current++;
        }

        return 0;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var part in parts)
            {
                part.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var part in parts)
        {
            await part.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}
