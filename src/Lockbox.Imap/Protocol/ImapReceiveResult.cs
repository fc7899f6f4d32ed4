// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>
/// What <see cref="ImapReceiver.Receive"/> found in the bytes it was given. The shape follows
/// Stalwart's imap-proto receiver: the caller acts on the case, the receiver does no I/O.
/// </summary>
public abstract record ImapReceiveResult
{
    ImapReceiveResult()
    {
    }

    /// <summary>A whole command. The server gates and dispatches it.</summary>
    public sealed record Complete(ImapRequest Request) : ImapReceiveResult;

    /// <summary>The buffered bytes end inside a line or literal: read more and call again.</summary>
    public sealed record NeedMoreData : ImapReceiveResult
    {
        public static NeedMoreData Instance { get; } = new();
    }

    /// <summary>
    /// A synchronizing literal of <see cref="Size"/> octets is announced: send "+ Ready" (RFC 3501
    /// section 7.5), then call again. Non-synchronizing literals (RFC 7888) need no reply and are
    /// consumed without this result.
    /// </summary>
    public sealed record NeedLiteral(long Size) : ImapReceiveResult;

    /// <summary>
    /// An APPEND is parsed up to its message literal. Send "+ Ready" unless the literal is
    /// non-synchronizing, stream <see cref="ImapLiteralPlaceholder.Size"/> bytes from the transport,
    /// then call again: the receiver returns <see cref="Complete"/> (same request) when the line ends
    /// properly, or <see cref="Bad"/>.
    /// </summary>
    public sealed record StreamLiteral(ImapRequest Request, ImapLiteralPlaceholder Literal) : ImapReceiveResult;

    /// <summary>A syntax error: reply "tag BAD reason" ("* BAD" when no tag was readable); the session goes on.</summary>
    public sealed record Bad(string? Tag, string Reason) : ImapReceiveResult;

    /// <summary>Framing is lost or a limit was exceeded: reply "* BYE reason" and close.</summary>
    public sealed record Fatal(string Reason) : ImapReceiveResult;
}
