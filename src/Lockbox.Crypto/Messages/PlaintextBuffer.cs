// SPDX-License-Identifier: MIT
using System.Buffers;

namespace Lockbox.Crypto.Messages;

/// <summary>
/// Holds unverified plaintext in pooled chunks, up to a limit, until the MDC has been checked
/// (docs/decisions/0003-decrypt-verify-before-release.md). Chunks are zeroed before they go back to the pool.
/// Never spills to disk.
/// </summary>
internal sealed class PlaintextBuffer : IDisposable
{
    const int ChunkSize = 1 << 16;

    readonly List<byte[]> _chunks = [];
    readonly long _limit;
    int _lastUsed = ChunkSize;

    public PlaintextBuffer(long limit) => _limit = limit;

    public long Length { get; private set; }

    /// <summary>Appends <paramref name="data"/>, or returns false (appending nothing) if that would pass the limit.</summary>
    public bool TryAppend(ReadOnlySpan<byte> data)
    {
        if (Length + data.Length > _limit)
        {
            return false;
        }

        Length += data.Length;
        while (!data.IsEmpty)
        {
            if (_lastUsed == ChunkSize)
            {
                _chunks.Add(ArrayPool<byte>.Shared.Rent(ChunkSize));
                _lastUsed = 0;
            }

            var count = Math.Min(data.Length, ChunkSize - _lastUsed);
            data[..count].CopyTo(_chunks[^1].AsSpan(_lastUsed));
            _lastUsed += count;
            data = data[count..];
        }

        return true;
    }

    public async Task CopyToAsync(Stream destination, CancellationToken cancellationToken)
    {
        for (var i = 0; i < _chunks.Count; i++)
        {
            var used = i == _chunks.Count - 1 ? _lastUsed : ChunkSize;
            await destination.WriteAsync(_chunks[i].AsMemory(0, used), cancellationToken);
        }
    }

    /// <summary>Zeroes and releases every chunk; the buffer is empty afterwards.</summary>
    public void Clear()
    {
        foreach (var chunk in _chunks)
        {
            ArrayPool<byte>.Shared.Return(chunk, clearArray: true);
        }

        _chunks.Clear();
        _lastUsed = ChunkSize;
        Length = 0;
    }

    public void Dispose() => Clear();
}
