// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>An untagged data response: "*" and the items separated by spaces, e.g. <c>* 3 EXISTS</c> (RFC 3501 section 7).</summary>
public sealed record ImapDataResponse(EquatableList<ImapValue> Items) : ImapResponse;
