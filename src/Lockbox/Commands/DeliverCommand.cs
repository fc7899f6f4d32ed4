// SPDX-License-Identifier: MIT
using System.CommandLine;
using Lockbox.Cli;
using Lockbox.Hosting;
using Lockbox.Vault.Contracts;

namespace Lockbox.Commands;

/// <summary>
/// <c>deliver --to ADDRESS</c>: local delivery agent mode (an MTA's mailbox_command). The message is
/// read from standard input through the same funnel as LMTP. Exit codes follow sysexits.h so the
/// MTA retries (75) or bounces (67).
/// </summary>
public static class DeliverCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var to = new Option<string>("--to") { Description = "The recipient.", Required = true, HelpName = "ADDRESS" };
        var from = new Option<string?>("--from") { Description = "The envelope sender, for Return-Path (empty for <>).", HelpName = "SENDER" };
        var deliver = new Command("deliver", "Deliver one message from standard input (LDA mode): exit 0 stored, 75 try later, 67 no such user, 77 mailbox full.")
        {
            data, to, from,
        };
        deliver.SetAction(async (parseResult, cancellationToken) =>
        {
            var recipient = parseResult.GetRequiredValue(to);
            try
            {
                await using var vault = await VaultContext.OpenAsync(parseResult.GetRequiredValue(data), cancellationToken);
                var delivery = vault.Get<IDeliveryService>();
                switch (await delivery.CheckRecipientAsync(recipient, null, cancellationToken))
                {
                    case RecipientCheck.Unknown:
                        await Console.Error.WriteLineAsync($"lockbox: no such user: {recipient}");
                        return ExitCodes.NoSuchUser;
                    case RecipientCheck.TemporaryFailure:
                        await Console.Error.WriteLineAsync("lockbox: cannot deliver now, try again later");
                        return ExitCodes.TemporaryFailure;
                    case RecipientCheck.KeyRequired:
                        await Console.Error.WriteLineAsync($"lockbox: encryption is required and {recipient} has no key yet, try again later");
                        return ExitCodes.TemporaryFailure;
                    case RecipientCheck.OverQuota:
                        await Console.Error.WriteLineAsync($"lockbox: the mailbox of {recipient} is full");
                        return ExitCodes.NoPermission;
                    case RecipientCheck.OverQuotaTemporary:
                        await Console.Error.WriteLineAsync($"lockbox: the mailbox of {recipient} is full, try again later");
                        return ExitCodes.TemporaryFailure;
                }

                await using var stdin = Console.OpenStandardInput();
                var result = (await delivery.DeliverAsync(new DeliveryRequest([recipient], parseResult.GetValue(from)), stdin, cancellationToken))[0];
                return result.Status switch
                {
                    DeliveryStatus.Stored => ExitCodes.Success,
                    DeliveryStatus.PermanentFailure => await FailAsync(result.Reason, ExitCodes.NoSuchUser),
                    DeliveryStatus.OverQuota => await FailAsync(result.Reason, ExitCodes.NoPermission),
                    _ => await FailAsync(result.Reason, ExitCodes.TemporaryFailure),
                };
            }
            catch (CliException e) when (e.ExitCode == ExitCodes.TemporaryFailure)
            {
                return await FailAsync(e.Message, ExitCodes.TemporaryFailure);
            }
            catch (InvalidOperationException e) when (ConfigurationError.IsUnreadableValue(e))
            {
                // Not the message's fault: the MTA keeps it until the setting is mended (a 2 would bounce it).
                return await FailAsync($"configuration: {e.Message}", ExitCodes.TemporaryFailure);
            }
        });
        return deliver;
    }

    static async Task<int> FailAsync(string? reason, int exitCode)
    {
        await Console.Error.WriteLineAsync($"lockbox: {reason ?? "delivery failed"}");
        return exitCode;
    }
}
