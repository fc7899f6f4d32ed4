// SPDX-License-Identifier: MIT
using System.Buffers;
using System.Security.Cryptography;

namespace Lockbox.Vault.Sessions;

/// <summary>
/// Pipe buffers for plaintext: rented from the shared array pool and zeroed before they go back, so
/// decrypted mail does not linger in pooled memory that other code reuses.
/// </summary>
internal sealed class ZeroingMemoryPool : MemoryPool<byte>
{
    const int BlockSize = 64 * 1024;

    public static ZeroingMemoryPool Instance { get; } = new();

    public override int MaxBufferSize => int.MaxValue;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1) =>
        new Block(ArrayPool<byte>.Shared.Rent(minBufferSize <= 0 ? BlockSize : Math.Max(minBufferSize, BlockSize)));

    protected override void Dispose(bool disposing)
    {
    }

    sealed class Block(byte[] array) : IMemoryOwner<byte>
    {
        byte[]? _array = array;

        public Memory<byte> Memory => _array ?? throw new ObjectDisposedException(nameof(Block));

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _array, null) is { } returned)
            {
                CryptographicOperations.ZeroMemory(returned);
                ArrayPool<byte>.Shared.Return(returned);
            }
        }
    }
}
