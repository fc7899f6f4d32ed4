// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>The part of a body section after the part number (RFC 3501 section 6.4.5).</summary>
public enum SectionText
{
    /// <summary>The whole message or part: BODY[] or BODY[1.2].</summary>
    Full,
    Header,
    HeaderFields,
    HeaderFieldsNot,
    Text,

    /// <summary>The MIME header of a part; only with a part number.</summary>
    Mime,
}
