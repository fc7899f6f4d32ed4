// SPDX-License-Identifier: MIT
using Lockbox.Imap.Protocol;
using Lockbox.Imap.Server;

namespace Lockbox.Imap.Handlers;

/// <summary>
/// What a handler decided: the responses to send in order (the tagged status last), the state to
/// move to, and whether the connection then closes. Handlers return this and never write (STYLE.md section 3.6).
/// </summary>
/// <param name="Responses">In order; the tagged status last.</param>
/// <param name="NextState">The state after the command; null keeps the current one.</param>
/// <param name="Close">Close the connection after sending.</param>
/// <param name="AwaitSaslResponse">After sending, the next client line is a SASL response (RFC 3501 section 6.2.2).</param>
/// <param name="BeginIdle">After sending, the connection idles (RFC 2177) until the client's DONE line.</param>
/// <param name="StartTls">After sending, the TLS handshake starts (RFC 3501 section 6.2.1).</param>
internal sealed record ImapResult(
    IReadOnlyList<ImapResponse> Responses, ImapSessionState? NextState = null, bool Close = false, bool AwaitSaslResponse = false, bool StartTls = false, bool BeginIdle = false)
{
    public static ImapResult Ok(string tag, string text, params IReadOnlyList<ImapResponse> untagged) =>
        new([.. untagged, new ImapStatusResponse(tag, ImapStatus.Ok, null, text)]);

    public static ImapResult No(string tag, ResponseCode? code, string text) =>
        new([new ImapStatusResponse(tag, ImapStatus.No, code, text)]);

    public static ImapResult Bad(string tag, string text) =>
        new([new ImapStatusResponse(tag, ImapStatus.Bad, null, text)]);

    /// <summary>The same text for "not found" and "not permitted" (STYLE.md section 5).</summary>
    public static ImapResult NoSuchMailbox(string tag) => No(tag, ResponseCode.NonExistent, "No such mailbox");

    /// <summary>The tagged status this result ends with.</summary>
    public ImapStatus Status
    {
        get
        {
            // From the end, where it is: a FETCH result holds thousands of untagged responses before it.
            for (var i = Responses.Count - 1; i >= 0; i--)
            {
                if (Responses[i] is ImapStatusResponse { Tag: not null } tagged)
                {
                    return tagged.Status;
                }
            }

            return ImapStatus.Ok;
        }
    }
}
