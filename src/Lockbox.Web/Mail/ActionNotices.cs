// SPDX-License-Identifier: MIT
using Lockbox.Vault.Contracts;

namespace Lockbox.Web.Mail;

/// <summary>
/// Why a list action (<see cref="MessageActions"/>) was not carried out, or what went wrong after a message was sent, as a
/// code for the redirect to the list and as the sentence the list shows. Only these fixed sentences are ever shown: the
/// code in the URL selects one, so a crafted link cannot put its own text on the page.
/// </summary>
public static class ActionNotices
{
    /// <summary>The code for a message the relay accepted whose copy Vault could not store in Sent (the compose page).</summary>
    public const string SentWithoutCopy = "nocopy";

    /// <summary>The code for a message the relay accepted whose copy did not fit the user's storage quota (the compose page).</summary>
    public const string SentWithoutCopyOverQuota = "nocopyfull";

    /// <summary>The code for a sent message whose draft Vault could not remove from Drafts (the compose page).</summary>
    public const string SentDraftLeft = "draftleft";

    static readonly Dictionary<string, string> Sentences = new(StringComparer.Ordinal)
    {
        ["gone"] = "That was not done: the mailbox no longer exists. The list below is up to date.",
        ["unavailable"] = "That could not be done just now: the mail store is not answering. Please try again in a moment.",
        ["refused"] = "That is not allowed for this mailbox.",
        [SentWithoutCopy] = "Your message was sent, but its copy could not be saved in Sent: the mail store was not answering.",
        [SentWithoutCopyOverQuota] = "Your message was sent, but its copy could not be saved in Sent: your mail is at its storage quota. Delete some messages, and empty Trash, to make room.",
        [SentDraftLeft] = "Your message was sent. Its draft is still in Drafts: the mail store was not answering when it was to be removed.",
    };

    /// <summary>The code for a refusal from Vault: <see cref="MailboxNotFoundException"/> or <see cref="MailboxOperationException"/>.</summary>
    public static string CodeFor(Exception refusal) => refusal switch
    {
        MailboxNotFoundException => "gone",
        MailboxOperationException { Error: MailboxError.Unavailable } => "unavailable",
        _ => "refused",
    };

    /// <summary>The sentence for a code from the URL; null for none or an unknown one.</summary>
    public static string? Text(string? code) => code is not null && Sentences.TryGetValue(code, out var sentence) ? sentence : null;
}
