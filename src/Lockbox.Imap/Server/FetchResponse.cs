// SPDX-License-Identifier: MIT
using Lockbox.Imap.Protocol;

namespace Lockbox.Imap.Server;

/// <summary>
/// "* n FETCH (...)" (RFC 3501 section 7.4.2). Body items are not buffered: <see cref="ResponseSender"/>
/// opens the message when it writes the item and streams exactly the announced number of octets.
/// </summary>
internal sealed record FetchResponse(uint Number, IReadOnlyList<FetchResponseItem> Items) : ImapResponse;
