// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts;

/// <summary>The shape of a MIME entity (RFC 2045, RFC 2046).</summary>
public enum EntityKind
{
    /// <summary>A leaf part with content.</summary>
    Part,

    /// <summary>multipart/*: children are the parts.</summary>
    Multipart,

    /// <summary>message/rfc822 (or global): the single child is the embedded message.</summary>
    Message,
}
