// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Delivery;

/// <summary>
/// Reads the incoming message once and hands every chunk to each recipient's copy as it passes, so
/// the metadata parser and N encryptors share one forward-only read: memory stays one buffer.
/// </summary>
internal sealed class TeeReadStream(Stream source, IReadOnlyList<RecipientCopy> copies) : ForwardReadStream
{
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await source.ReadAsync(buffer, cancellationToken);
        foreach (var copy in copies)
        {
            await copy.WriteAsync(buffer[..read], cancellationToken);
        }

        return read;
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("the delivery stream is read asynchronously");
}
