// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts;

/// <summary>A Content-Type or Content-Disposition parameter (RFC 2045 section 5.1), RFC 2231 continuations and charsets decoded.</summary>
/// <param name="Name">The attribute as written, without any RFC 2231 "*" suffix.</param>
/// <param name="Value">The decoded value.</param>
public sealed record MimeParameter(string Name, string Value);
