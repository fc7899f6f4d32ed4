// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts.Reading;

/// <summary>An attachment as a message lists it.</summary>
/// <param name="Part">
/// Its index among the message's leaf parts in tree order (MimeKit's BodyParts): what <see cref="IMailSession.OpenPartAsync"/>
/// takes. Stable for a message, since stored messages never change.
/// </param>
/// <param name="FileName">The decoded file name without any path or control character, or <c>part-N</c> (N = index + 1) when it has none.</param>
/// <param name="MediaType">The media type in lower case, e.g. "application/pdf".</param>
/// <param name="Size">Its decoded size in bytes.</param>
public sealed record MessageAttachment(int Part, string FileName, string MediaType, long Size);
