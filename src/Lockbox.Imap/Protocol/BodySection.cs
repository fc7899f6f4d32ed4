// SPDX-License-Identifier: MIT
using System.Globalization;

namespace Lockbox.Imap.Protocol;

/// <summary>
/// A section-spec (RFC 3501 section 6.4.5): a part path (empty for the message itself), what of
/// it, and the header field names for HEADER.FIELDS (.NOT).
/// </summary>
public sealed record BodySection(EquatableList<uint> Part, SectionText Text, EquatableList<string> Fields)
{
    public static BodySection Whole { get; } = new([], SectionText.Full, []);

    /// <summary>The spec as it goes between the brackets of a FETCH response, e.g. <c>1.2.HEADER.FIELDS (FROM TO)</c>.</summary>
    public override string ToString()
    {
        var text = Text switch
        {
            SectionText.Header => "HEADER",
            SectionText.HeaderFields => "HEADER.FIELDS",
            SectionText.HeaderFieldsNot => "HEADER.FIELDS.NOT",
            SectionText.Text => "TEXT",
            SectionText.Mime => "MIME",
            _ => "",
        };
        var parts = string.Join(".", Part.Select(p => p.ToString(CultureInfo.InvariantCulture)));
        var spec = parts.Length > 0 && text.Length > 0 ? parts + "." + text : parts + text;
        return Fields.Count > 0 ? spec + " (" + string.Join(" ", Fields.Select(Echo)) + ")" : spec;
    }

    // A field name that is not an atom was sent as a quoted string (or literal): echo it quoted, so the
    // response stays parseable (RFC 3501 section 9, header-fld-name = astring).
    static string Echo(string field) =>
        field.Length > 0 && field.All(c => c > ' ' && c < 0x7f && c is not ('(' or ')' or '{' or '%' or '*' or '"' or '\\' or ']'))
            ? field
            : "\"" + field.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
