// SPDX-License-Identifier: MIT
using System.Security.Cryptography;
using Lockbox.Crypto.Offline;

namespace Lockbox.Crypto.Tests.Offline;

public sealed class ShamirTests
{
    static readonly byte[] Secret = RandomNumberGenerator.GetBytes(300);

    [Theory]
    [InlineData(2, 3)]
    [InlineData(3, 5)]
    [InlineData(5, 5)]
    public void Every_threshold_sized_subset_combines_to_the_secret(int threshold, int count)
    {
        var shares = Shamir.Split(Secret, threshold, count);

        Assert.Equal(count, shares.Count);
        var subsets = Subsets(count, threshold).ToList();
        Assert.Equal(Binomial(count, threshold), subsets.Count);
        foreach (var subset in subsets)
        {
            Assert.Equal(Secret, Shamir.Combine([.. subset.Select(i => shares[i])]));
        }
    }

    [Theory]
    [InlineData(2, 3)]
    [InlineData(3, 5)]
    [InlineData(5, 5)]
    public void One_share_fewer_than_the_threshold_fails_naming_the_set(int threshold, int count)
    {
        var shares = Shamir.Split(Secret, threshold, count);

        foreach (var subset in Subsets(count, threshold - 1))
        {
            var error = Assert.Throws<ShareException>(() => Shamir.Combine([.. subset.Select(i => shares[i])]));
            Assert.Equal($"need {threshold} shares of set {shares[0].SetId}, got {threshold - 1}", error.Message);
        }
    }

    [Fact]
    public void More_shares_than_the_threshold_also_combine()
    {
        var shares = Shamir.Split(Secret, 3, 5);

        Assert.Equal(Secret, Shamir.Combine(shares));
    }

    [Fact]
    public void A_share_alone_does_not_contain_the_secret()
    {
        var secret = new byte[64]; // all zeros: any leak of it would show as a run of zeros
        var shares = Shamir.Split(secret, 2, 3);

        foreach (var share in shares)
        {
            Assert.Equal(secret.Length + 16, share.Value.Length);
            Assert.NotEqual(secret, share.Value[..secret.Length]);
            // Uniform bytes: about 1 in 256 is zero. 20 of 80 would be absurdly unlikely.
            Assert.True(share.Value.Count(b => b == 0) < 20);
        }
    }

    [Fact]
    public void Single_shares_are_uniform_across_splits_of_the_same_secret()
    {
        // Share 1's first byte over many splits of one fixed secret should hit most of the 256 values.
        var seen = new HashSet<byte>();
        for (var i = 0; i < 2000; i++)
        {
            seen.Add(Shamir.Split([42], 2, 2)[0].Value[0]);
        }

        Assert.True(seen.Count > 240, $"only {seen.Count} distinct values");
    }

    [Fact]
    public void Two_splits_of_the_same_secret_use_different_sets_and_do_not_mix()
    {
        var first = Shamir.Split(Secret, 2, 3);
        var second = Shamir.Split(Secret, 2, 3);

        Assert.NotEqual(first[0].SetId, second[0].SetId);
        var error = Assert.Throws<ShareException>(() => Shamir.Combine([first[0], second[1]]));
        Assert.StartsWith("the shares come from different sets: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_share_given_twice_is_refused()
    {
        var shares = Shamir.Split(Secret, 2, 3);

        var error = Assert.Throws<ShareException>(() => Shamir.Combine([shares[1], shares[1]]));

        Assert.Equal($"share 2 of set {shares[0].SetId} was given 2 times", error.Message);
    }

    [Fact]
    public void A_corrupted_share_value_fails_the_embedded_check()
    {
        var shares = Shamir.Split(Secret, 3, 5);
        shares[1].Value[17] ^= 0x01;

        var error = Assert.Throws<ShareException>(() => Shamir.Combine([shares[0], shares[1], shares[2]]));

        Assert.Contains("do not combine to a valid secret", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 3)]
    [InlineData(4, 3)]
    [InlineData(2, 256)]
    public void Out_of_range_parameters_are_refused(int threshold, int count) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Shamir.Split(Secret, threshold, count));

    [Fact]
    public void The_largest_split_works()
    {
        var shares = Shamir.Split(Secret.AsSpan(0, 8), 255, 255);

        Assert.Equal(255, shares[^1].Index);
        Assert.Equal(Secret[..8], Shamir.Combine(shares));
    }

    [Fact]
    public void No_shares_fail_clearly() =>
        Assert.Equal("no shares given", Assert.Throws<ShareException>(() => Shamir.Combine([])).Message);

    static IEnumerable<int[]> Subsets(int n, int k)
    {
        if (k == 0)
        {
            yield return [];
            yield break;
        }

        for (var first = 0; first <= n - k; first++)
        {
            foreach (var rest in Subsets(n - first - 1, k - 1))
            {
                yield return [first, .. rest.Select(r => r + first + 1)];
            }
        }
    }

    static int Binomial(int n, int k) => k == 0 ? 1 : Binomial(n - 1, k - 1) * n / k;
}
