// SPDX-License-Identifier: MIT
using System.Buffers;

namespace Lockbox.Imap.Tests.Protocol;

/// <summary>Builds a ReadOnlySequence with one segment per chunk, as a pipe hands over data.</summary>
sealed class Segments : ReadOnlySequenceSegment<byte>
{
    Segments(ReadOnlyMemory<byte> memory, long runningIndex)
    {
        Memory = memory;
        RunningIndex = runningIndex;
    }

    public static ReadOnlySequence<byte> Split(byte[] data, int chunkSize)
    {
        var first = new Segments(data.AsMemory(0, Math.Min(chunkSize, data.Length)), 0);
        var last = first;
        for (var offset = chunkSize; offset < data.Length; offset += chunkSize)
        {
            var next = new Segments(data.AsMemory(offset, Math.Min(chunkSize, data.Length - offset)), offset);
            last.Next = next;
            last = next;
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }
}
