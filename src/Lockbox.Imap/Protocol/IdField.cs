// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>One field-value pair of the ID command (RFC 2971 section 3.3).</summary>
public readonly record struct IdField(string Name, string? Value);
