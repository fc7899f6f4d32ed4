// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts.Reading;

/// <summary>One leaf part of a message, decoded, for a download (<see cref="IMailSession.OpenPartAsync"/>).</summary>
/// <param name="MediaType">The part's media type in lower case, as the sender declared it (untrusted).</param>
/// <param name="FileName">The same name <see cref="MessageAttachment.FileName"/> gives: no path, no control character.</param>
/// <param name="Content">The decoded bytes (Content-Transfer-Encoding undone).</param>
public sealed record MessagePartContent(string MediaType, string FileName, byte[] Content);
