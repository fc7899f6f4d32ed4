// SPDX-License-Identifier: MIT
using System.Security.Cryptography;

namespace Lockbox.Vault.Search;

/// <summary>
/// Decrypted search documents of one unlocked user, by message ID, shared by the user's sessions so that a
/// repeated search decrypts nothing. Bounded by bytes; the oldest entries go first. Memory only: it is
/// zeroed when the user's unlocked state is dropped. An evicted document is only released, not zeroed,
/// because a search running at that moment may still be reading it.
/// </summary>
internal sealed class SearchCache : IDisposable
{
    /// <summary>64 MiB: the documents of about 10,000 typical messages.</summary>
    public const long DefaultCapacity = 64L * 1024 * 1024;

    readonly Lock _lock = new();
    readonly Dictionary<long, byte[]> _documents = [];
    readonly Queue<long> _order = new();
    readonly long _capacity;
    long _bytes;

    public SearchCache(long capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _capacity = capacity;
    }

    /// <summary>Bytes held now.</summary>
    public long Bytes
    {
        get
        {
            lock (_lock)
            {
                return _bytes;
            }
        }
    }

    public bool TryGet(long messageId, out byte[] document)
    {
        lock (_lock)
        {
            return _documents.TryGetValue(messageId, out document!);
        }
    }

    /// <summary>Keeps <paramref name="document"/> (the cache owns it from now on) if it fits at all.</summary>
    public void Add(long messageId, byte[] document)
    {
        lock (_lock)
        {
            if (document.Length > _capacity || _documents.ContainsKey(messageId))
            {
                return;
            }

            while (_bytes + document.Length > _capacity && _order.TryDequeue(out var oldest))
            {
                if (_documents.Remove(oldest, out var evicted))
                {
                    _bytes -= evicted.Length;
                }
            }

            _documents[messageId] = document;
            _order.Enqueue(messageId);
            _bytes += document.Length;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var document in _documents.Values)
            {
                CryptographicOperations.ZeroMemory(document);
            }

            _documents.Clear();
            _order.Clear();
            _bytes = 0;
        }
    }
}
