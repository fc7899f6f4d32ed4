// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts;

/// <summary>A parsed Content-Disposition header (RFC 2183).</summary>
/// <param name="Disposition">The disposition type as written, e.g. "attachment".</param>
/// <param name="Parameters">The parameters in order (filename, size, ...).</param>
public sealed record EntityDisposition(string Disposition, IReadOnlyList<MimeParameter> Parameters);
