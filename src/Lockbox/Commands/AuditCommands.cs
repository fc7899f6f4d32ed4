// SPDX-License-Identifier: MIT
using System.CommandLine;
using System.Globalization;
using Lockbox.Cli;
using Lockbox.Hosting;
using Lockbox.Vault.Audit;

namespace Lockbox.Commands;

/// <summary><c>audit verify</c> and <c>audit show</c>: the hash-chained audit log (issue 5, item 6).</summary>
public static class AuditCommands
{
    public static Command Create()
    {
        var audit = new Command("audit", "Check the audit log's hash chain, or show a user's entries.");
        audit.Subcommands.Add(CreateVerify());
        audit.Subcommands.Add(CreateShow());
        return audit;
    }

    static Command CreateVerify()
    {
        var data = CommonOptions.Data();
        var head = new Option<string?>("--expect-head")
        {
            Description = "A head hash printed by an earlier verify: fails if entries after it were cut off.",
            HelpName = "HEX",
        };
        var verify = new Command("verify", "Recompute the chain: exit 0 if it holds, 1 with the first break.") { data, head };
        verify.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var vault = await VaultContext.OpenAsync(parseResult.GetRequiredValue(data), cancellationToken);
            var verdict = await vault.Get<AuditLog>().VerifyAsync(parseResult.GetValue(head), cancellationToken);
            if (!verdict.Holds)
            {
                throw new CliException($"audit log broken: {verdict.Problem}", ExitCodes.Rejected);
            }

            await Console.Out.WriteLineAsync($"audit log holds: {verdict.Entries} entries, head {verdict.HeadHash}");
            return ExitCodes.Success;
        });
        return verify;
    }

    static Command CreateShow()
    {
        var data = CommonOptions.Data();
        var address = new Argument<string>("ADDRESS") { Description = "The user whose entries to show." };
        var show = new Command("show", "A user's audit entries, oldest first: sequence, UTC time, event, detail.") { address, data };
        show.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var vault = await VaultContext.OpenAsync(parseResult.GetRequiredValue(data), cancellationToken);
            foreach (var entry in await vault.Get<AuditLog>().ListAsync(parseResult.GetRequiredValue(address), cancellationToken))
            {
                await Console.Out.WriteLineAsync(string.Join('\t',
                    entry.Sequence.ToString(CultureInfo.InvariantCulture), entry.TimeUtc.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), entry.Event, entry.Detail));
            }

            return ExitCodes.Success;
        });
        return show;
    }
}
