// SPDX-License-Identifier: MIT
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Lockbox.Crypto.Keys;

/// <summary>
/// Which hash algorithms a self-signature may use. MD5 is refused outright (RFC 9580 section 9.5 forbids it);
/// SHA-1 is refused for signatures made on or after 2024-01-01 (issue 2): chosen-prefix collisions on SHA-1
/// are practical since 2020 ("SHA-1 is a Shambles"), and RFC 9580 section 9.5 forbids SHA-1 for new signatures.
/// Older SHA-1 self-signatures are still read, because long-lived keys carry them.
/// </summary>
internal static class SignatureHashRule
{
    /// <summary>SHA-1 signatures made at or after this instant (UTC) are refused.</summary>
    public static readonly DateTime Sha1Cutoff = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>True if a signature with this hash and creation time may bind or certify a key.</summary>
    public static bool IsAcceptable(PgpSignature signature) => signature.HashAlgorithm switch
    {
        HashAlgorithmTag.MD5 or HashAlgorithmTag.MD2 => false,
        HashAlgorithmTag.Sha1 => signature.CreationTime < Sha1Cutoff,
        _ => true,
    };

    /// <summary>Why the signature's hash is refused, as a phrase: "uses MD5" or "uses SHA-1 (made on ...)".</summary>
    public static string Describe(PgpSignature signature) => signature.HashAlgorithm switch
    {
        HashAlgorithmTag.Sha1 => $"uses SHA-1 and was made on {signature.CreationTime:yyyy-MM-dd}; SHA-1 is refused from {Sha1Cutoff:yyyy-MM-dd}",
        HashAlgorithmTag.MD5 => "uses MD5",
        var other => $"uses {other}",
    };
}
