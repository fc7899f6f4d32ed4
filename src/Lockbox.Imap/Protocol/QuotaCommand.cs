// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>GETQUOTAROOT mailbox (RFC 9208 section 4.3).</summary>
public sealed record GetQuotaRootCommand(string Mailbox) : ImapCommand(ImapVerb.GetQuotaRoot);

/// <summary>GETQUOTA root (RFC 9208 section 4.2).</summary>
public sealed record GetQuotaCommand(string Root) : ImapCommand(ImapVerb.GetQuota);

/// <summary>SETQUOTA root (resource limit ...) (RFC 9208 section 4.1): parsed, and always refused here.</summary>
public sealed record SetQuotaCommand(string Root) : ImapCommand(ImapVerb.SetQuota);
