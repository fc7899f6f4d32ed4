// SPDX-License-Identifier: MIT
using Lockbox.Vault;
using Lockbox.Vault.Escrow;

namespace Lockbox.Commands.Doctor;

/// <summary>The doctor's escrow check: with escrow on, users' keys are escrowed to the master public key in the store, so it must be installed.</summary>
public static class EscrowCheck
{
    const string Check = "escrow master key";

    /// <summary>An ERROR for an <c>Escrow:Mode</c> that is not one of the four, before anything is opened.</summary>
    public static DoctorFinding? Mode(string? escrowMode) =>
        Normalize(escrowMode) is "off" or "opt-in" or "opt-out" or "mandatory"
            ? null
            : DoctorFinding.Error(Check, $"Escrow:Mode is \"{escrowMode}\", which is not one of off, opt-in, opt-out, mandatory");

    /// <summary>What the store holds (every node escrows to that key, docs/decisions/0039), and a node's left-over file with another key.</summary>
    public static async Task<List<DoctorFinding>> MasterKeyAsync(string? escrowMode, EscrowMaster master, string dataDirectory, CancellationToken cancellationToken)
    {
        var mode = Normalize(escrowMode);
        string? fingerprint;
        try
        {
            fingerprint = await master.InstalledFingerprintAsync(cancellationToken);
        }
        catch (VaultException e)
        {
            return [DoctorFinding.Error(Check, e.Message)];
        }

        List<DoctorFinding> findings =
        [
            (mode, fingerprint) switch
            {
                ("off", null) => DoctorFinding.Ok(Check, "escrow is off; no master key needed"),
                ("off", _) => DoctorFinding.Ok(Check, $"escrow is off (master public key {fingerprint} is installed but unused)"),
                (_, null) => DoctorFinding.Error(Check, $"escrow is {mode} but no escrow master public key is installed, so no key can be escrowed; install it with `lockbox escrow install-master master.pub.asc --data {dataDirectory}`"),
                _ => DoctorFinding.Ok(Check, $"escrow is {mode} and master public key {fingerprint} is installed in the store"),
            },
        ];
        if (master.IgnoredLegacyFile is { } file)
        {
            findings.Add(DoctorFinding.Warning(Check,
                $"{file} is not the store's master key and nothing reads it: every node escrows to the key in the store (lockbox escrow install-master replaces it); remove the file"));
        }

        return findings;
    }

    static string Normalize(string? escrowMode) => (escrowMode ?? "off").Trim().ToLowerInvariant();
}
