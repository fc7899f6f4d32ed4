// SPDX-License-Identifier: MIT
using System.Security.Cryptography;

namespace Lockbox.Crypto.Offline;

/// <summary>
/// Shamir's secret sharing (Shamir 1979, "How to share a secret") over GF(256), byte by byte: each byte
/// is the constant term of its own random polynomial of degree M-1, and share K holds every polynomial's
/// value at x = K. Any M distinct shares rebuild the secret by Lagrange interpolation at x = 0; fewer
/// reveal nothing about it, because the other coefficients come from the operating system's CSPRNG.
/// <para>
/// What is shared is <c>secret || SHA-256(secret)[0..16]</c>. A wrong combination (a corrupt share that
/// passed its text checksum, or shares of a forged set) then fails the check instead of yielding a
/// plausible wrong secret, and the check is itself shared, so fewer than M shares learn nothing from it.
/// </para>
/// </summary>
public static class Shamir
{
    /// <summary>At most 255 shares: the x coordinates are the non-zero elements of GF(256).</summary>
    public const int MaxShares = 255;

    const int CheckLength = 16;

    /// <summary>Splits <paramref name="secret"/> into <paramref name="shareCount"/> shares of a new random set, any <paramref name="threshold"/> of which rebuild it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not 2 &lt;= threshold &lt;= shareCount &lt;= 255, or the secret is empty.</exception>
    public static IReadOnlyList<SecretShare> Split(ReadOnlySpan<byte> secret, int threshold, int shareCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(threshold, shareCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(shareCount, MaxShares);
        ArgumentOutOfRangeException.ThrowIfZero(secret.Length, nameof(secret));

        var length = secret.Length + CheckLength;
        var payload = new byte[length];
        // coefficients[k * length + j] is the x^(k+1) coefficient of byte j's polynomial.
        var coefficients = new byte[(threshold - 1) * length];
        try
        {
            secret.CopyTo(payload);
            SHA256.HashData(secret).AsSpan(0, CheckLength).CopyTo(payload.AsSpan(secret.Length));
            RandomNumberGenerator.Fill(coefficients);
            var setId = RandomNumberGenerator.GetBytes(16);
            var shares = new SecretShare[shareCount];
            for (var index = 1; index <= shareCount; index++)
            {
                var x = (byte)index;
                var value = new byte[length];
                for (var j = 0; j < length; j++)
                {
                    // Horner's rule from the highest coefficient down to the secret byte.
                    byte y = 0;
                    for (var k = threshold - 2; k >= 0; k--)
                    {
                        y = (byte)(Gf256.Multiply(y, x) ^ coefficients[k * length + j]);
                    }

                    value[j] = (byte)(Gf256.Multiply(y, x) ^ payload[j]);
                }

                shares[index - 1] = new SecretShare(setId, index, shareCount, threshold, value);
            }

            return shares;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(payload);
            CryptographicOperations.ZeroMemory(coefficients);
        }
    }

    /// <summary>
    /// Rebuilds the secret from at least <see cref="SecretShare.Threshold"/> distinct shares of one set.
    /// Every share given takes part, so an extra corrupt share is caught too. The caller owns the result and should zero it.
    /// </summary>
    /// <exception cref="ShareException">Too few shares, shares of different sets, a share given twice, shares that disagree, or a failed integrity check.</exception>
    public static byte[] Combine(IReadOnlyCollection<SecretShare> shares)
    {
        ArgumentNullException.ThrowIfNull(shares);
        var first = shares.FirstOrDefault() ?? throw new ShareException("no shares given");
        var sets = shares.Select(s => s.SetId).Distinct(StringComparer.Ordinal).ToList();
        if (sets.Count > 1)
        {
            throw new ShareException($"the shares come from different sets: {string.Join(", ", sets)}");
        }

        var set = first.SetId;
        if (shares.Any(s => s.Threshold != first.Threshold || s.ShareCount != first.ShareCount || s.Value.Length != first.Value.Length))
        {
            throw new ShareException($"the shares of set {set} disagree on their threshold, count or length: one is corrupt");
        }

        var duplicate = shares.GroupBy(s => s.Index).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ShareException($"share {duplicate.Key} of set {set} was given {duplicate.Count()} times");
        }

        if (shares.Count < first.Threshold)
        {
            throw new ShareException($"need {first.Threshold} shares of set {set}, got {shares.Count}");
        }

        var payload = Interpolate([.. shares]);
        try
        {
            var secretLength = payload.Length - CheckLength;
            if (secretLength <= 0 || !CryptographicOperations.FixedTimeEquals(
                    SHA256.HashData(payload.AsSpan(0, secretLength)).AsSpan(0, CheckLength), payload.AsSpan(secretLength)))
            {
                throw new ShareException($"the shares of set {set} do not combine to a valid secret: at least one share is wrong or corrupt");
            }

            return payload[..secretLength];
        }
        finally
        {
            CryptographicOperations.ZeroMemory(payload);
        }
    }

    /// <summary>The polynomials' values at x = 0, by Lagrange: f(0) = sum of y_i * prod_{j != i} x_j / (x_j - x_i).</summary>
    static byte[] Interpolate(SecretShare[] shares)
    {
        var result = new byte[shares[0].Value.Length];
        for (var i = 0; i < shares.Length; i++)
        {
            var xi = (byte)shares[i].Index;
            byte basis = 1;
            for (var j = 0; j < shares.Length; j++)
            {
                if (j != i)
                {
                    // Subtraction is XOR in characteristic 2; distinct indices make the divisor non-zero.
                    var xj = (byte)shares[j].Index;
                    basis = Gf256.Multiply(basis, Gf256.Multiply(xj, Gf256.Inverse((byte)(xj ^ xi))));
                }
            }

            var value = shares[i].Value;
            for (var b = 0; b < result.Length; b++)
            {
                result[b] ^= Gf256.Multiply(basis, value[b]);
            }
        }

        return result;
    }
}
