// SPDX-License-Identifier: MIT
using System.Buffers;
using System.Runtime.CompilerServices;
using Lockbox.Imap.Protocol;
using Lockbox.Vault.Contracts;

namespace Lockbox.Imap.Fetch;

/// <summary>
/// ENVELOPE and BODYSTRUCTURE of a message in wire form, made once per metadata object (docs/decisions/0014). Vault
/// keeps decoded metadata in the unlocked user's cache and hands out the same object until it evicts or drops
/// it, so keying by that object gives a repeated FETCH its values without parsing addresses again, and the
/// formatted values live exactly as long as the metadata they come from: no bound or invalidation of their own.
/// </summary>
internal static class FormattedMetadata
{
    static readonly ConditionalWeakTable<MessageMetadata, ImapValue.Formatted> Envelopes = [];
    static readonly ConditionalWeakTable<MessageMetadata, ImapValue.Formatted> BodyStructures = [];

    public static ImapValue Envelope(MessageMetadata metadata) =>
        Envelopes.GetValue(metadata, static m => Format(EnvelopeBuilder.Build(m.Root.Headers)));

    /// <summary>BODYSTRUCTURE (extensible); the non-extensible BODY is rarer and built each time.</summary>
    public static ImapValue BodyStructure(MessageMetadata metadata) =>
        BodyStructures.GetValue(metadata, static m => Format(BodyStructureBuilder.Build(m, extensible: true)));

    // Formatted as for a client without UTF8=ACCEPT: 8-bit strings as literals, which a client that enabled it
    // reads as well (RFC 9755 section 3 allows UTF-8 in quoted strings, it never requires it), so one cached form
    // serves every connection.
    static ImapValue.Formatted Format(ImapValue value)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        new ImapResponseWriter(buffer).WriteValue(value);
        return new ImapValue.Formatted(buffer.WrittenSpan.ToArray());
    }
}
