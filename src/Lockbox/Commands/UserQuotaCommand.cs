// SPDX-License-Identifier: MIT
using System.CommandLine;
using System.Globalization;
using Lockbox.Cli;
using Lockbox.Hosting;
using Lockbox.Vault.Quota;

namespace Lockbox.Commands;

/// <summary>
/// <c>user quota ADDRESS [--limit SIZE | --default]</c> (docs/decisions/0041): shows a user's stored bytes against their
/// storage limit, or first sets their own limit, or returns them to the server's <c>Quota:StorageLimit</c>.
/// </summary>
public static class UserQuotaCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var address = new Argument<string>("ADDRESS") { Description = "The user." };
        var limit = new Option<string?>("--limit")
        {
            Description = "Give the user their own storage limit: bytes, or with K, M, G or T (1024-based, as Dovecot reads them); 0 for none.",
            HelpName = "SIZE",
        };
        var useDefault = new Option<bool>("--default") { Description = "Return the user to the server's limit (Quota:StorageLimit)." };
        var quota = new Command("quota", "Show a user's stored bytes and storage limit; with --limit or --default, set the limit first.")
        {
            address, data, limit, useDefault,
        };
        quota.SetAction(async (parseResult, cancellationToken) =>
        {
            var who = parseResult.GetRequiredValue(address);
            var newLimit = parseResult.GetValue(limit);
            var toDefault = parseResult.GetValue(useDefault);
            if (newLimit is not null && toDefault)
            {
                throw new CliException("give --limit or --default, not both");
            }

            var bytes = newLimit is null ? (long?)null : ParseSize(newLimit);
            await using var vault = await VaultContext.OpenAsync(parseResult.GetRequiredValue(data), cancellationToken);
            var quotas = vault.Get<QuotaService>();
            if (newLimit is not null || toDefault)
            {
                await UserCommands.Run(() => quotas.SetAsync(who, bytes, cancellationToken));
            }

            var (usage, own) = await UserCommands.Run(() => quotas.GetAsync(who, cancellationToken));
            var limitText = usage.LimitBytes is { } value ? $"limit {value} bytes" : "no limit";
            await Console.Out.WriteLineAsync($"{who}\tused {usage.UsedBytes} bytes\t{limitText} ({(own ? "the user's own" : "the server's default")})");
            return ExitCodes.Success;
        });
        return quota;
    }

    /// <summary>"1048576", "512M", "10G": a byte count, with an optional 1024-based unit.</summary>
    internal static long ParseSize(string text)
    {
        var trimmed = text.Trim();
        var shift = trimmed.Length == 0 ? 0 : char.ToUpperInvariant(trimmed[^1]) switch
        {
            'K' => 10,
            'M' => 20,
            'G' => 30,
            'T' => 40,
            _ => 0,
        };
        var digits = shift == 0 ? trimmed : trimmed[..^1];
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number > long.MaxValue >> shift)
        {
            throw new CliException($"not a size: {text} (give bytes, or a number with K, M, G or T)");
        }

        return number << shift;
    }
}
