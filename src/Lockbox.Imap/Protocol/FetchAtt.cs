// SPDX-License-Identifier: MIT
using System.Globalization;

namespace Lockbox.Imap.Protocol;

/// <summary>One requested FETCH item: a plain item or a body section.</summary>
public abstract record FetchAtt
{
    FetchAtt()
    {
    }

    public sealed record Simple(FetchItem Item) : FetchAtt;

    /// <summary>BODY[section]&lt;partial&gt; or BODY.PEEK[...] (<paramref name="Peek"/>: \Seen is not set).</summary>
    public sealed record Body(BodySection Section, bool Peek, FetchPartial? Partial) : FetchAtt
    {
        /// <summary>
        /// The name in the FETCH response: never ".PEEK", and only the origin of a partial range
        /// (RFC 3501 section 7.4.2, BODY[section]&lt;origin octet&gt;).
        /// </summary>
        public string ResponseName =>
            "BODY[" + Section + "]" + (Partial is { } p ? "<" + p.Offset.ToString(CultureInfo.InvariantCulture) + ">" : "");
    }
}
