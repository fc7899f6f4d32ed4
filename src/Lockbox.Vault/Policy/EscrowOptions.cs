// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Policy;

/// <summary>Settings of the escrow policy (configuration section <c>Escrow</c>).</summary>
public sealed class EscrowOptions
{
    /// <summary>The configuration section these settings bind to.</summary>
    public const string Section = "Escrow";

    /// <summary><c>off</c> (unless set), <c>opt-in</c>, <c>opt-out</c> or <c>mandatory</c>, as DESIGN.md section 5 spells them.</summary>
    public string Mode { get; set; } = "off";
}
