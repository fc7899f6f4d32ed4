// SPDX-License-Identifier: MIT
using Microsoft.Extensions.Logging;

namespace Lockbox.Vault.Sending;

/// <summary>Log events of sending and drafts (Vault 4300-4349). Never an address typed in the form, a subject or mail content.</summary>
internal static partial class SendLog
{
    [LoggerMessage(EventId = 4300, Level = LogLevel.Information, Message = "Message sent by {Address} to {Recipients} recipients")]
    public static partial void MessageSent(ILogger logger, string address, int recipients);

    [LoggerMessage(EventId = 4301, Level = LogLevel.Warning, Message = "Message from {Address} not sent: {Reason}")]
    public static partial void SendFailed(ILogger logger, string address, string reason);

    [LoggerMessage(EventId = 4302, Level = LogLevel.Information, Message = "Draft saved by {Address}")]
    public static partial void DraftSaved(ILogger logger, string address);

    [LoggerMessage(EventId = 4303, Level = LogLevel.Warning, Message = "Message from {Address} sent, but its copy was not stored in Sent: the mail store is not answering ({Reason})")]
    public static partial void CopyNotStored(ILogger logger, string address, string reason);

    [LoggerMessage(EventId = 4304, Level = LogLevel.Warning, Message = "The draft that {Address} sent or saved anew was not removed: the mail store is not answering ({Reason})")]
    public static partial void DraftNotRemoved(ILogger logger, string address, string reason);
}
