// SPDX-License-Identifier: MIT
namespace Lockbox.Storage;

/// <summary>The IMAP system flags (RFC 3501 section 2.3.2), stored as a bit set.</summary>
// CA1711: "flags" is the IMAP term (RFC 3501 section 2.3.2), so the name keeps it.
[Flags]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "IMAP term")]
public enum SystemFlags
{
    None = 0,
    Seen = 1,
    Answered = 2,
    Flagged = 4,
    Deleted = 8,
    Draft = 16,
}
