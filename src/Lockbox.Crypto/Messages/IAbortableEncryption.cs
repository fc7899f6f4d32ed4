// SPDX-License-Identifier: MIT
namespace Lockbox.Crypto.Messages;

/// <summary>An encrypting stream that can be given up without writing its MDC (RFC 4880 section 5.14).</summary>
internal interface IAbortableEncryption
{
    /// <summary>
    /// Releases the stream's buffers without finishing the message, so a failed or cancelled copy never
    /// leaves a message that verifies with only part of the plaintext in it.
    /// </summary>
    void Abort();
}
