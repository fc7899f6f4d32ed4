// SPDX-License-Identifier: MIT
using System.CommandLine;
using Lockbox.Cli;
using Lockbox.Hosting;
using Lockbox.Vault;
using Lockbox.Vault.Accounts;

namespace Lockbox.Commands;

/// <summary>The <c>user</c> verbs: add, list, delete, passwd, and encrypt (<see cref="UserEncryptCommand"/>).</summary>
public static class UserCommands
{
    public static Command Create()
    {
        var user = new Command("user", "Manage mailbox users.");
        user.Subcommands.Add(CreateAdd());
        user.Subcommands.Add(CreateList());
        user.Subcommands.Add(CreateDelete());
        user.Subcommands.Add(CreatePasswd());
        user.Subcommands.Add(UserEncryptCommand.Create());
        user.Subcommands.Add(UserQuotaCommand.Create());
        return user;
    }

    static Command CreateAdd()
    {
        var data = CommonOptions.Data();
        var address = new Argument<string>("ADDRESS") { Description = "The mail address, which is also the login." };
        var passwordStdin = CommonOptions.PasswordStdin();
        var encrypt = new Option<bool>("--encrypt")
        {
            Description = "Generate a key protected by the password and encrypt all mail (records the administrator's consent).",
        };
        var cleartext = new Option<bool>("--cleartext")
        {
            Description = "Store this user's mail unencrypted even where Encryption:Mode makes keys the default (refused when it is required).",
        };
        var add = new Command("add", "Create a user with the standard mailboxes; without --encrypt or --cleartext, Encryption:Mode decides.")
        {
            address, data, passwordStdin, encrypt, cleartext,
        };
        add.Validators.Add(result =>
        {
            if (result.GetValue(encrypt) && result.GetValue(cleartext))
            {
                result.AddError("--encrypt and --cleartext exclude each other");
            }
        });
        add.SetAction(async (parseResult, cancellationToken) =>
        {
            RequirePasswordStdin(parseResult.GetValue(passwordStdin));
            bool? choice = parseResult.GetValue(encrypt) ? true : parseResult.GetValue(cleartext) ? false : null;
            var password = await SecretInput.ReadLineAsync("password", cancellationToken);
            await using var vault = await VaultContext.OpenAsync(parseResult.GetRequiredValue(data), cancellationToken);
            var created = await Run(() => vault.Get<AccountService>().CreateUserAsync(
                parseResult.GetRequiredValue(address), password, choice, cancellationToken));
            await Console.Out.WriteLineAsync(Describe(created));
            return ExitCodes.Success;
        });
        return add;
    }

    static Command CreateList()
    {
        var data = CommonOptions.Data();
        var list = new Command("list", "List users: address, encryption, key fingerprint.") { data };
        list.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var vault = await VaultContext.OpenAsync(parseResult.GetRequiredValue(data), cancellationToken);
            foreach (var user in await vault.Get<AccountService>().ListUsersAsync(cancellationToken))
            {
                await Console.Out.WriteLineAsync(Describe(user));
            }

            return ExitCodes.Success;
        });
        return list;
    }

    static Command CreateDelete()
    {
        var data = CommonOptions.Data();
        var address = new Argument<string>("ADDRESS") { Description = "The user to delete, with all their mail and keys." };
        var delete = new Command("delete", "Delete a user: every message, blob and key.") { address, data };
        delete.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var vault = await VaultContext.OpenAsync(parseResult.GetRequiredValue(data), cancellationToken);
            await Run(() => vault.Get<AccountService>().DeleteUserAsync(parseResult.GetRequiredValue(address), cancellationToken));
            await Console.Out.WriteLineAsync($"deleted {parseResult.GetRequiredValue(address)}");
            return ExitCodes.Success;
        });
        return delete;
    }

    static Command CreatePasswd()
    {
        var data = CommonOptions.Data();
        var address = new Argument<string>("ADDRESS") { Description = "The user whose password changes." };
        var passwd = new Command("passwd", "Change a password: old and new on standard input, one per line. Keys are re-protected; mail is kept.")
        {
            address, data,
        };
        passwd.SetAction(async (parseResult, cancellationToken) =>
        {
            var oldPassword = await SecretInput.ReadLineAsync("old password", cancellationToken);
            var newPassword = await SecretInput.ReadLineAsync("new password", cancellationToken);
            await using var vault = await VaultContext.OpenAsync(parseResult.GetRequiredValue(data), cancellationToken);
            await Run(() => vault.Get<AccountService>().ChangePasswordAsync(parseResult.GetRequiredValue(address), oldPassword, newPassword, cancellationToken));
            await Console.Out.WriteLineAsync($"password changed for {parseResult.GetRequiredValue(address)}");
            return ExitCodes.Success;
        });
        return passwd;
    }

    /// <summary>
    /// Address, encryption, fingerprint, algorithm, key expiry ("-" for none), stored bytes, storage limit ("-" for none), and
    /// a warning if there is one.
    /// </summary>
    internal static string Describe(UserInfo user) =>
        $"{user.Address}\t{user.Encryption}\t{user.Fingerprint ?? "-"}\t{user.KeyAlgorithm ?? "-"}\t"
        + (user.KeyExpiresUtc is { } expires ? $"expires {expires:yyyy-MM-dd}" : "-")
        + $"\tstored {user.StoredBytes}\t" + (user.QuotaBytes is { } limit ? $"limit {limit}" : "-")
        + (user.KeyWarning is { } warning ? $"\tWARNING: {warning}" : "");

    internal static void RequirePasswordStdin(bool given)
    {
        if (!given)
        {
            throw new CliException("give --password-stdin and the password on standard input (never as an argument)");
        }
    }

    /// <summary>Turns a Vault refusal into the one-line CLI error.</summary>
    internal static async Task<T> Run<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (VaultException e)
        {
            throw new CliException(e.Message, e, ExitCodes.Rejected);
        }
    }

    internal static Task Run(Func<Task> action) => Run(async () =>
    {
        await action();
        return true;
    });
}
