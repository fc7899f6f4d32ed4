// SPDX-License-Identifier: MIT
using Lockbox.Imap.Protocol;
using Lockbox.Vault.Contracts;

namespace Lockbox.Imap.Handlers;

/// <summary>The one mapping from Vault's mailbox refusals to tagged NO responses with RFC 5530 codes (STYLE.md section 5).</summary>
internal static class MailboxRefusal
{
    public static ImapResult For(string tag, MailboxOperationException refusal) =>
        ImapResult.No(tag, refusal.Error switch
        {
            MailboxError.AlreadyExists => ResponseCode.AlreadyExists,
            MailboxError.HasChildren => ResponseCode.HasChildren,
            MailboxError.Unavailable => ResponseCode.Unavailable,
            MailboxError.OverQuota => ResponseCode.OverQuota,
            _ => ResponseCode.Cannot,
        }, refusal.Message);
}
