// SPDX-License-Identifier: MIT
using Lockbox.Storage;
using Microsoft.Extensions.Options;

namespace Lockbox.Vault.Policy;

/// <summary>
/// Applies <see cref="EscrowOptions.Mode"/>: whether a user's keys get an escrow copy, given their own choice,
/// and whether they may opt out. Kept in Vault so that the CLI and the web decide it the same way.
/// </summary>
internal sealed class EscrowPolicy
{
    public EscrowPolicy(IOptions<EscrowOptions> options)
    {
        Mode = options.Value.Mode.Trim().ToLowerInvariant() switch
        {
            "off" => EscrowMode.Off,
            "opt-in" => EscrowMode.OptIn,
            "opt-out" => EscrowMode.OptOut,
            "mandatory" => EscrowMode.Mandatory,
            var other => throw new VaultException($"Escrow:Mode {other} is not one of off, opt-in, opt-out, mandatory"),
        };
    }

    public EscrowMode Mode { get; }

    /// <summary>The setting as written in configuration.</summary>
    public string Name => Mode switch
    {
        EscrowMode.OptIn => "opt-in",
        EscrowMode.OptOut => "opt-out",
        EscrowMode.Mandatory => "mandatory",
        _ => "off",
    };

    /// <summary>Whether a user who chose <paramref name="choice"/> gets escrow copies of their keys.</summary>
    public bool KeepsCopy(EscrowChoice choice) => Mode switch
    {
        EscrowMode.OptIn => choice == EscrowChoice.Consented,
        EscrowMode.OptOut => choice != EscrowChoice.OptedOut,
        EscrowMode.Mandatory => true,
        _ => false,
    };
}
