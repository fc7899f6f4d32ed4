// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>A continuation request: "+ text" (RFC 3501 section 7.5), e.g. for literals, IDLE and SASL challenges.</summary>
public sealed record ImapContinuationResponse(string Text) : ImapResponse;
