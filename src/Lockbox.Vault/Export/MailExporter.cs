// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Text;
using Lockbox.Storage;
using Lockbox.Vault.Accounts;
using Lockbox.Vault.Blobs;

namespace Lockbox.Vault.Export;

/// <summary>
/// Writes a user's mail exactly as stored, with no password and no decryption: NNNNNN.eml.pgp for
/// encrypted messages (binary OpenPGP, so <c>gpg --decrypt</c> opens them with the user's key) and
/// NNNNNN.eml for cleartext ones, plus index.tsv naming each file's mailbox, UID, date and flags.
/// </summary>
public sealed class MailExporter
{
    const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    readonly IMailStore _store;
    readonly MessageBlobs _blobs;

    public MailExporter(IMailStore store, MessageBlobs blobs)
    {
        _store = store;
        _blobs = blobs;
    }

    /// <summary>Exports every mailbox of <paramref name="address"/> into <paramref name="directory"/> (created, or empty). Returns the message count.</summary>
    /// <exception cref="VaultException">No such user, or the directory is not empty.</exception>
    public async Task<int> ExportAsync(string address, string directory, CancellationToken cancellationToken)
    {
        var user = await _store.RequireUserAsync(address, cancellationToken);
        if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
        {
            throw new VaultException($"{directory} is not empty");
        }

        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var index = new StringBuilder("file\tmailbox\tuid\tuidvalidity\tinternal_date\tflags\tencrypted\n");
        var count = 0;
        foreach (var mailbox in await _store.ListMailboxesAsync(user.Id, cancellationToken))
        {
            foreach (var message in await _store.ListMessagesAsync(mailbox.Id, cancellationToken))
            {
                var file = string.Create(CultureInfo.InvariantCulture, $"{++count:D6}.{(message.IsEncrypted ? "eml.pgp" : "eml")}");
                await using (var source = await _blobs.OpenReadAsync(message.BlobId, cancellationToken))
                await using (var target = new FileStream(Path.Combine(directory, file), new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnly }))
                {
                    await source.CopyToAsync(target, cancellationToken);
                }

                index.Append(CultureInfo.InvariantCulture,
                    $"{file}\t{mailbox.Name}\t{message.Uid}\t{mailbox.UidValidity}\t{message.InternalDate:yyyy-MM-ddTHH:mm:ssZ}\t{message.Flags}\t{(message.IsEncrypted ? "yes" : "no")}\n");
            }
        }

        await File.WriteAllTextAsync(Path.Combine(directory, "index.tsv"), index.ToString(), cancellationToken);
        return count;
    }
}
