// SPDX-License-Identifier: MIT
using Lockbox.Vault.Caching;

namespace Lockbox.Vault.Tests.Caching;

public sealed class BoundedCacheTests
{
    [Fact]
    public void Adding_beyond_the_capacity_evicts_the_oldest_entries_first()
    {
        using var cache = new BoundedCache<byte[]>(100, _ => { });

        Assert.True(cache.Add("a", new byte[40], 40));
        Assert.True(cache.Add("b", new byte[40], 40));
        Assert.True(cache.Add("c", new byte[40], 40));

        Assert.False(cache.TryGet("a", out _));
        Assert.True(cache.TryGet("b", out _));
        Assert.True(cache.TryGet("c", out _));
        Assert.Equal(80, cache.Size);
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void A_value_larger_than_the_cache_or_under_a_held_key_is_not_kept()
    {
        using var cache = new BoundedCache<byte[]>(100, _ => { });
        var first = new byte[10];

        Assert.False(cache.Add("big", new byte[101], 101));
        Assert.True(cache.Add("k", first, 10));
        Assert.False(cache.Add("k", new byte[10], 10));

        Assert.True(cache.TryGet("k", out var kept));
        Assert.Same(first, kept);
        Assert.False(cache.TryGet("big", out _));
    }

    [Fact]
    public void Disposing_clears_every_value_and_refuses_later_additions()
    {
        var cleared = new List<byte[]>();
        var cache = new BoundedCache<byte[]>(100, cleared.Add);
        var value = new byte[] { 1, 2, 3 };
        cache.Add("k", value, value.Length);

        cache.Dispose();

        Assert.Same(value, Assert.Single(cleared));
        Assert.Equal(0, cache.Size);
        Assert.False(cache.TryGet("k", out _));
        Assert.False(cache.Add("later", new byte[1], 1));
    }
}
