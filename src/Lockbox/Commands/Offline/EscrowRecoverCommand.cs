// SPDX-License-Identifier: MIT
using System.CommandLine;
using Lockbox.Cli;
using Lockbox.Crypto.Escrow;
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Messages;
using Lockbox.Crypto.Offline;
using Lockbox.Crypto.Protection;

namespace Lockbox.Commands.Offline;

/// <summary>
/// <c>escrow recover FILE (--shares S... | --master FILE) --out RESP</c>: the offline half of a recovery
/// (docs/decisions/0019). Rebuilds the master secret key in memory, opens the request's escrow copies, protects the
/// keys under a new one-time password, writes the response and prints the password. Needs no data directory.
/// </summary>
public static class EscrowRecoverCommand
{
    public static Command Create()
    {
        var request = new Argument<string>("FILE") { Description = "The recovery request written by escrow export." };
        var shares = new Option<string[]>("--shares")
        {
            Description = "Share files of the master key (share-K-of-N.txt), at least its threshold.",
            AllowMultipleArgumentsPerToken = true,
            HelpName = "S",
        };
        var master = new Option<string?>("--master") { Description = "The unprotected master secret key (master.sec.asc).", HelpName = "FILE" };
        var output = new Option<string>("--out") { Description = "Where to write the recovery response for escrow restore.", Required = true, HelpName = "RESP" };
        var recover = new Command("recover", "Offline: open a recovery request with the master key and re-protect the keys under a printed one-time password.")
        {
            request, shares, master, output,
        };
        recover.Validators.Add(result =>
        {
            if ((result.GetValue(shares) is { Length: > 0 }) == (result.GetValue(master) is not null))
            {
                result.AddError("give either --shares S1 S2 ... or --master FILE");
            }
        });
        recover.SetAction((result, cancellationToken) => RecoverAsync(
            result.GetRequiredValue(request), result.GetValue(shares), result.GetValue(master), result.GetRequiredValue(output), cancellationToken));
        return recover;
    }

    static async Task<int> RecoverAsync(string requestFile, string[]? shareFiles, string? masterFile, string outputFile, CancellationToken cancellationToken)
    {
        if (File.Exists(outputFile) || Directory.Exists(outputFile))
        {
            throw new CliException($"{outputFile} already exists; refusing to overwrite it");
        }

        var request = Parse(await ReadAsync(requestFile, cancellationToken), requestFile);
        using var key = await LoadMasterAsync(shareFiles, masterFile, cancellationToken);
        var oneTimePassword = EscrowRecovery.NewOneTimePassword();
        EscrowDocument response;
        try
        {
            response = await EscrowRecovery.RecoverAsync(request, key, oneTimePassword, Argon2Settings.Default, cancellationToken);
        }
        catch (Exception e) when (e is EscrowFormatException or MessageException or KeyFormatException)
        {
            throw new CliException($"{requestFile}: {e.Message}", e, ExitCodes.Rejected);
        }

        await using (var file = MasterKeyCommands.OpenNew(outputFile, secret: true))
        {
            await file.WriteAsync(response.ToJson(), cancellationToken);
        }

        await Console.Out.WriteLineAsync($"wrote {outputFile}: {response.Keys.Count} key(s) of {response.Address}, request {response.RequestId}");
        await Console.Out.WriteLineAsync($"one-time password: {oneTimePassword}");
        return ExitCodes.Success;
    }

    /// <summary>The master secret key, rebuilt from shares or read whole; in memory only.</summary>
    static async Task<MasterSecretKey> LoadMasterAsync(string[]? shareFiles, string? masterFile, CancellationToken cancellationToken)
    {
        try
        {
            if (masterFile is not null)
            {
                return MasterSecretKey.Parse(await ReadAsync(masterFile, cancellationToken));
            }

            var shares = new List<SecretShare>();
            foreach (var shareFile in shareFiles!)
            {
                shares.Add(await MasterKeyCommands.ReadShareAsync(shareFile, cancellationToken));
            }

            return MasterKeyCeremony.Combine(shares);
        }
        catch (Exception e) when (e is ShareException or KeyFormatException)
        {
            throw new CliException($"cannot rebuild the master key: {e.Message}", e, ExitCodes.Rejected);
        }
    }

    static EscrowDocument Parse(byte[] json, string path)
    {
        try
        {
            return EscrowDocument.Parse(json, EscrowDocument.RequestKind);
        }
        catch (EscrowFormatException e)
        {
            throw new CliException($"{path}: {e.Message}", e);
        }
    }

    static async Task<byte[]> ReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            if (new FileInfo(path).Length > EscrowDocument.MaxBytes)
            {
                throw new CliException($"{path}: too large");
            }

            return await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read {path}: {e.Message}", e);
        }
    }
}
