// SPDX-License-Identifier: MIT
using Lockbox.Storage;

namespace Lockbox.Vault.Import;

/// <summary>One message found in an import source, not read yet.</summary>
/// <param name="Mailbox">The Lockbox mailbox it goes to (valid, canonical).</param>
/// <param name="Flags">Its system flags in the source.</param>
/// <param name="InternalDate">Its arrival time in the source (UTC).</param>
/// <param name="Open">Opens its RFC 5322 bytes with CRLF line ends, as the funnel reads them.</param>
internal sealed record SourceMessage(string Mailbox, SystemFlags Flags, DateTime InternalDate, Func<Stream> Open);
