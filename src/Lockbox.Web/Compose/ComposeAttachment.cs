// SPDX-License-Identifier: MIT
namespace Lockbox.Web.Compose;

/// <summary>An attachment of a message being written, its bytes in memory (an upload or a part of the draft reopened).</summary>
public sealed record ComposeAttachment(string FileName, string ContentType, byte[] Content);
