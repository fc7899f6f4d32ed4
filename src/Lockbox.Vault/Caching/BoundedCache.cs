// SPDX-License-Identifier: MIT
using System.Diagnostics.CodeAnalysis;

namespace Lockbox.Vault.Caching;

/// <summary>
/// Decrypted values of one unlocked user, by key, shared by the user's sessions and bounded by a size in bytes
/// (as the caller measures it); the oldest entries go first. Memory only. Disposing it clears every value with
/// <c>clear</c> (zeroing what can be zeroed) and refuses later additions; an evicted value is only dropped,
/// not cleared, because a session may still be reading it.
/// </summary>
internal sealed class BoundedCache<TValue>(long capacity, Action<TValue> clear) : IDisposable
    where TValue : class
{
    readonly Lock _lock = new();
    readonly Dictionary<string, (TValue Value, long Size)> _entries = new(StringComparer.Ordinal);
    readonly Queue<string> _order = new();
    long _size;
    bool _disposed;

    /// <summary>The bound, in bytes.</summary>
    public long Capacity { get; } = capacity >= 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    /// <summary>Bytes held now.</summary>
    public long Size
    {
        get
        {
            lock (_lock)
            {
                return _size;
            }
        }
    }

    /// <summary>Entries held now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    public bool TryGet(string key, [MaybeNullWhen(false)] out TValue value)
    {
        lock (_lock)
        {
            var found = _entries.TryGetValue(key, out var entry);
            value = entry.Value;
            return found;
        }
    }

    /// <summary>
    /// Keeps <paramref name="value"/> (the cache owns it from now on) if it fits at all, evicting the oldest entries
    /// to make room. Returns false, keeping nothing, if it is larger than the whole cache, the key is already
    /// held (values are immutable per key), or the cache was disposed.
    /// </summary>
    public bool Add(string key, TValue value, long size)
    {
        lock (_lock)
        {
            if (_disposed || size > Capacity || _entries.ContainsKey(key))
            {
                return false;
            }

            while (_size + size > Capacity && _order.TryDequeue(out var oldest))
            {
                if (_entries.Remove(oldest, out var evicted))
                {
                    _size -= evicted.Size;
                }
            }

            _entries[key] = (value, size);
            _order.Enqueue(key);
            _size += size;
            return true;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var (value, _) in _entries.Values)
            {
                clear(value);
            }

            _entries.Clear();
            _order.Clear();
            _size = 0;
            _disposed = true;
        }
    }
}
