// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Import;

/// <summary>How far an import is, after each message.</summary>
/// <param name="Done">Messages handled so far (imported or skipped).</param>
/// <param name="Total">Messages found in the source.</param>
/// <param name="Imported">Messages stored by this run.</param>
/// <param name="Skipped">Messages an earlier run already imported.</param>
public sealed record ImportProgress(int Done, int Total, int Imported, int Skipped);
