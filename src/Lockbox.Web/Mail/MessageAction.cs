// SPDX-License-Identifier: MIT
namespace Lockbox.Web.Mail;

/// <summary>What the message list's and message page's buttons do to the selected messages (the form's <c>action</c> value, lower case).</summary>
public enum MessageAction
{
    /// <summary>Sets \Seen.</summary>
    Read,

    /// <summary>Clears \Seen.</summary>
    Unread,

    /// <summary>Sets \Flagged.</summary>
    Flag,

    /// <summary>Clears \Flagged.</summary>
    Unflag,

    /// <summary>Moves to the Trash; in the Trash itself (or with none), removes for good.</summary>
    Delete,

    /// <summary>Moves to the chosen mailbox.</summary>
    Move,
}
