// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>
/// [UID] SEARCH [RETURN (options)] [CHARSET name] keys (RFC 3501 section 6.4.4). Several top-level keys are one
/// <see cref="SearchKey.AllOf"/>. Strings are decoded as UTF-8; the handler answers NO [BADCHARSET] for
/// a charset other than UTF-8 or US-ASCII.
/// </summary>
public sealed record SearchCommand(bool Uid, string? Charset, SearchKey Criteria) : ImapCommand(ImapVerb.Search)
{
    /// <summary>The RETURN options of an extended SEARCH (RFC 4731); null for a classic SEARCH answered with * SEARCH.</summary>
    public EquatableList<SearchReturn>? Return { get; init; }
}
