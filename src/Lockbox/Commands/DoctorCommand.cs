// SPDX-License-Identifier: MIT
using System.CommandLine;
using Lockbox.Cli;
using Lockbox.Commands.Doctor;
using Lockbox.Hosting;
using Lockbox.Storage;
using Lockbox.Vault.Audit;
using Lockbox.Vault.Escrow;
using Microsoft.Extensions.Configuration;

namespace Lockbox.Commands;

/// <summary>
/// <c>doctor</c>: checks an installation and prints one line per check, <c>ok</c>, <c>WARNING</c> or <c>ERROR</c>, with
/// the reason in plain words (issue 8, item 7). Exit 0 when no check is an ERROR, 1 otherwise. Like every verb it reads
/// lockbox.json and the environment, and opening the store brings its schema up to date as serve would.
/// </summary>
public static class DoctorCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var doctor = new Command("doctor", "Check the configuration, permissions, certificate, escrow master key and database; exit 1 on any ERROR.") { data };
        doctor.SetAction(async (parseResult, cancellationToken) =>
        {
            var findings = await RunAsync(Path.GetFullPath(parseResult.GetRequiredValue(data)), cancellationToken);
            foreach (var finding in findings)
            {
                await Console.Out.WriteLineAsync(finding.ToString());
            }

            return findings.Any(f => f.Severity == DoctorSeverity.Error) ? ExitCodes.Rejected : ExitCodes.Success;
        });
        return doctor;
    }

    static async Task<List<DoctorFinding>> RunAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        IConfigurationRoot configuration;
        StoreOptions store;
        try
        {
            configuration = LockboxConfiguration.Build();
            store = configuration.GetSection("Store").Get<StoreOptions>() ?? new StoreOptions();
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or InvalidOperationException)
        {
            return [DoctorFinding.Error("configuration", $"lockbox.json or the LOCKBOX__ environment cannot be read: {e.Message}")];
        }

        List<DoctorFinding> findings = [DoctorFinding.Ok("configuration", $"read; store is {store.Provider}")];
        findings.Add(FileChecks.PrivateDirectory("data directory", dataDirectory));
        findings.Add(FileChecks.PrivateDirectory("blob directory", store.BlobRoot(dataDirectory), "it is created by the first delivery"));
        findings.Add(FileChecks.Certificate(configuration["Tls:CertificatePath"], configuration["Tls:KeyPath"], dataDirectory, DateTime.UtcNow));
        findings.Add(FileChecks.Argon2());
        findings.Add(QuotaCheck.Of(configuration));
        var escrowMode = configuration["Escrow:Mode"];
        var badEscrowMode = EscrowCheck.Mode(escrowMode);
        if (badEscrowMode is not null)
        {
            findings.Add(badEscrowMode);
        }

        if (findings[1].Severity == DoctorSeverity.Error)
        {
            findings.Add(DoctorFinding.Error("database", "not opened: the data directory is missing"));
            return findings;
        }

        findings.AddRange(await DatabaseAsync(dataDirectory, badEscrowMode is null ? escrowMode ?? "off" : null, cancellationToken));
        return findings;
    }

    /// <summary>
    /// Opens the store (the connection, the schema), checks the escrow master key it holds (unless
    /// <paramref name="escrowMode"/> is null: not a mode), and recomputes the audit chain, as <c>audit verify</c> does.
    /// </summary>
    static async Task<List<DoctorFinding>> DatabaseAsync(string dataDirectory, string? escrowMode, CancellationToken cancellationToken)
    {
        VaultContext vault;
        try
        {
            vault = await VaultContext.OpenAsync(dataDirectory, cancellationToken);
        }
        catch (CliException e)
        {
            return [DoctorFinding.Error("database", $"cannot be opened: {e.Message}")];
        }

        await using (vault)
        {
            var version = await vault.Get<IMailStore>().GetSchemaVersionAsync(cancellationToken);
            List<DoctorFinding> findings = [DoctorFinding.Ok("database", $"opens, schema version {version}")];
            if (escrowMode is not null)
            {
                findings.AddRange(await EscrowCheck.MasterKeyAsync(escrowMode, vault.Get<EscrowMaster>(), dataDirectory, cancellationToken));
            }

            var verdict = await vault.Get<AuditLog>().VerifyAsync(null, cancellationToken);
            findings.Add(verdict.Holds
                ? DoctorFinding.Ok("audit log", $"hash chain holds ({verdict.Entries} entries)")
                : DoctorFinding.Error("audit log", $"hash chain is broken: {verdict.Problem}; entries were changed or removed"));
            return findings;
        }
    }
}
