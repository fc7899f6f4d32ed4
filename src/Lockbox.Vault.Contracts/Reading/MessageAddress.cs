// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Contracts.Reading;

/// <summary>One mailbox of an address field (RFC 5322 section 3.4).</summary>
/// <param name="Name">The decoded display name; null or empty when there is none.</param>
/// <param name="Address">The addr-spec, <c>local@domain</c>.</param>
/// <param name="Text">The mailbox for display and for a form field: <c>Name &lt;address&gt;</c>, quoted where RFC 5322 needs it.</param>
public sealed record MessageAddress(string? Name, string Address, string Text);
