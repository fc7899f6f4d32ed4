// SPDX-License-Identifier: MIT
namespace Lockbox.Web.Mail;

/// <summary>One page of a mailbox's message list.</summary>
/// <param name="Rows">The page's messages, in the requested order.</param>
/// <param name="Page">The page shown, from 1 (clamped into range).</param>
/// <param name="PageCount">Pages in all (at least 1).</param>
/// <param name="Total">Messages listed (matching the search, if any).</param>
public sealed record MessagePage(IReadOnlyList<MessageRow> Rows, int Page, int PageCount, int Total);
