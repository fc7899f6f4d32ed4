// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>FETCH data items without a section (RFC 3501 section 6.4.5, MODSEQ RFC 7162 section 3.1.4).</summary>
public enum FetchItem
{
    Envelope,
    Flags,
    InternalDate,
    Rfc822Size,
    Uid,
    BodyStructure,

    /// <summary>The non-extensible BODYSTRUCTURE ("BODY" without a section).</summary>
    Body,
    ModSeq,

    /// <summary>RFC822: BODY[] under its own name, sets \Seen.</summary>
    Rfc822,

    /// <summary>RFC822.HEADER: BODY.PEEK[HEADER] under its own name.</summary>
    Rfc822Header,

    /// <summary>RFC822.TEXT: BODY[TEXT] under its own name, sets \Seen.</summary>
    Rfc822Text,
}
