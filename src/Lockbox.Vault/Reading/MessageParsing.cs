// SPDX-License-Identifier: MIT
using MimeKit;

namespace Lockbox.Vault.Reading;

/// <summary>
/// Parses a message's plaintext in memory for reading or composing: copied into a <see cref="MemoryStream"/> and parsed by
/// MimeKit there, so it is never written anywhere (no temp file, no cache) and is garbage once the caller lets go.
/// </summary>
internal static class MessageParsing
{
    /// <summary>The parsed message; <paramref name="plaintext"/> is read to its end and left to the caller to dispose.</summary>
    public static async Task<MimeMessage> LoadAsync(Stream plaintext, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        await plaintext.CopyToAsync(buffer, cancellationToken);
        buffer.Position = 0;
        // persistent: parts point into this buffer instead of being copied again; MimeKit's parser never spools to disk.
        return await MimeMessage.LoadAsync(buffer, persistent: true, cancellationToken);
    }

    /// <summary>The message's leaf parts in a stable order: the index is the part's address (MessageAttachment.Part).</summary>
    public static IReadOnlyList<MimePart> Parts(MimeMessage message) => [.. message.BodyParts.OfType<MimePart>()];

    /// <summary>A part's content decoded (Content-Transfer-Encoding undone), in memory.</summary>
    public static MemoryStream Decode(MimePart part)
    {
        var decoded = new MemoryStream();
        part.Content?.DecodeTo(decoded);
        decoded.Position = 0;
        return decoded;
    }
}
