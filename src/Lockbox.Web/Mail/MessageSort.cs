// SPDX-License-Identifier: MIT
namespace Lockbox.Web.Mail;

/// <summary>The message list's sort keys (the query string's <c>sort</c> value, lower case).</summary>
public enum MessageSort
{
    /// <summary>Arrival time (the internal date): needs no decryption.</summary>
    Date,

    /// <summary>The sender's display name or address.</summary>
    From,

    /// <summary>The decoded subject.</summary>
    Subject,

    /// <summary>RFC822.SIZE.</summary>
    Size,
}
