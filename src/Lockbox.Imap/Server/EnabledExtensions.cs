// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Server;

/// <summary>
/// Extensions the client turned on for the rest of the connection (RFC 5161 section 3.1: ENABLE lasts
/// until the connection ends). One instance per connection, read and written by its handlers only.
/// </summary>
internal sealed class EnabledExtensions
{
    /// <summary>
    /// RFC 7162 section 3.1: set by ENABLE CONDSTORE or SELECT/EXAMINE (CONDSTORE); from then on every
    /// untagged FETCH that reports a flag change carries MODSEQ too.
    /// </summary>
    public bool CondStore { get; set; }

    /// <summary>
    /// RFC 9755 section 3: set by ENABLE UTF8=ACCEPT; from then on mailbox names are UTF-8 both ways, not
    /// modified UTF-7, and quoted strings may carry UTF-8.
    /// </summary>
    public bool Utf8Accept { get; set; }
}
