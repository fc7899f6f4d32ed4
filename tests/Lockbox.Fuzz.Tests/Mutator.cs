// SPDX-License-Identifier: MIT
namespace Lockbox.Fuzz.Tests;

/// <summary>
/// Seeded byte-level mutations in the style of libFuzzer's default mutators: flips, interesting bytes, inserts,
/// deletes, range copies, dictionary tokens and crossover with another corpus entry, stacked one to eight deep.
/// The same seed and corpus give the same inputs, so a finding replays from its seed too.
/// </summary>
public sealed class Mutator(Random random, IReadOnlyList<byte[]> dictionary, int maxLength)
{
    static readonly byte[] Interesting = [0, 1, 0x7F, 0x80, 0xFF, (byte)'\r', (byte)'\n', (byte)' ', (byte)'"', (byte)'\\',
        (byte)'(', (byte)')', (byte)'[', (byte)']', (byte)'{', (byte)'}', (byte)'<', (byte)'>', (byte)'+', (byte)'-', (byte)'0',
        (byte)'9', (byte)'=', (byte)':', (byte)';', (byte)'.', (byte)'*', (byte)'%'];

    /// <summary>Returns a mutated copy of <paramref name="input"/>; <paramref name="other"/> is the crossover partner.</summary>
    public byte[] Mutate(byte[] input, byte[] other)
    {
        var data = new List<byte>(input);
        var rounds = 1 + random.Next(8);
        for (var i = 0; i < rounds; i++)
        {
            MutateOnce(data, other);
        }

        if (data.Count > maxLength)
        {
            data.RemoveRange(maxLength, data.Count - maxLength);
        }

        return [.. data];
    }

    void MutateOnce(List<byte> data, byte[] other)
    {
        var at = random.Next(data.Count + 1);
        switch (random.Next(9))
        {
            case 0 when data.Count > 0:
                data[at % data.Count] ^= (byte)(1 << random.Next(8));
                break;
            case 1 when data.Count > 0:
                data[at % data.Count] = Interesting[random.Next(Interesting.Length)];
                break;
            case 2:
                data.InsertRange(at, RandomBytes(1 + random.Next(8)));
                break;
            case 3 when data.Count > 0:
                data.RemoveRange(at % data.Count, Math.Min(data.Count - at % data.Count, 1 + random.Next(32)));
                break;
            case 4 when data.Count > 0:
                var from = random.Next(data.Count);
                var length = Math.Min(data.Count - from, 1 + random.Next(64));
                data.InsertRange(at, data.GetRange(from, length));
                break;
            case 5 or 6 when dictionary.Count > 0:
                data.InsertRange(at, dictionary[random.Next(dictionary.Count)]);
                break;
            case 7 when other.Length > 0:
                var start = random.Next(other.Length);
                data.InsertRange(at, other.AsSpan(start, Math.Min(other.Length - start, 1 + random.Next(256))).ToArray());
                break;
            case 8 when data.Count > 0:
                data.RemoveRange(at % data.Count, data.Count - at % data.Count);
                break;
            default:
                data.Insert(at, Interesting[random.Next(Interesting.Length)]);
                break;
        }
    }

    byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
