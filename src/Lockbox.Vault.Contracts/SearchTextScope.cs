// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts;

/// <summary>Where a text search key looks.</summary>
public enum SearchTextScope
{
    /// <summary>One header field's decoded value (SUBJECT, FROM, TO, CC, BCC, HEADER).</summary>
    Header,

    /// <summary>The decoded text of the body's text parts, HTML reduced to text (BODY).</summary>
    Body,

    /// <summary>Header fields and body (TEXT).</summary>
    Text,
}
