// SPDX-License-Identifier: MIT
using Lockbox.Vault.Contracts.Portal;

namespace Lockbox.Vault.Portal;

/// <summary>What <see cref="KeyUploadCheck"/> found: the page's result, and for a refusal the error an import raises.</summary>
internal sealed record KeyUploadVerdict(KeyCheckResult Result, KeyPortalError? Refusal);
