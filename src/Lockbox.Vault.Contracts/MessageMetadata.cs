// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts;

/// <summary>
/// What IMAP needs of a message without decrypting its blob: size, lines, and the MIME tree with
/// every entity's headers and byte offsets into the stored plaintext. It is stored encrypted like
/// the message (DESIGN.md section 4: "the index").
/// </summary>
/// <param name="Size">Plaintext size in bytes, trace headers included (RFC 3501 RFC822.SIZE).</param>
/// <param name="Root">The top-level entity: the message itself.</param>
/// <param name="Parsed">False when MimeKit could not parse the message: then the root is a single opaque body.</param>
public sealed record MessageMetadata(long Size, EntityMetadata Root, bool Parsed)
{
    /// <summary>The same metadata for the message stored with <paramref name="traceHeaders"/> prepended.</summary>
    public MessageMetadata WithTraceHeaders(IReadOnlyList<HeaderField> traceHeaders, long prefixLength) =>
        new(Size + prefixLength, Root.Shift(prefixLength) with { Headers = [.. traceHeaders, .. Root.Headers], Begin = 0 }, Parsed);
}
