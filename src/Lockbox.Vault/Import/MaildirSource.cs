// SPDX-License-Identifier: MIT
using Lockbox.Storage;
using Lockbox.Vault.Mailboxes;

namespace Lockbox.Vault.Import;

/// <summary>
/// Reads a Maildir (https://cr.yp.to/proto/maildir.html) with Maildir++ subfolders, as Dovecot and
/// Courier keep them: the root's cur/ and new/ are INBOX, a directory ".Sent" is "Sent", ".A.B" is "A/B".
/// Flags come from the ":2," info of the file name, the arrival time from the file's mtime (what Dovecot
/// uses as the received date). tmp/ holds unfinished deliveries and is skipped.
/// </summary>
internal static class MaildirSource
{
    // Not tmp/: it holds deliveries still being written.
    static readonly string[] Subdirectories = ["new", "cur"];

    /// <exception cref="DirectoryNotFoundException"><paramref name="root"/> has no cur/ or new/.</exception>
    public static IReadOnlyList<SourceMessage> Read(string root)
    {
        if (!IsMaildir(root))
        {
            throw new DirectoryNotFoundException($"{root} is not a Maildir: it has no cur/ or new/ directory");
        }

        var messages = new List<SourceMessage>();
        AddFolder(messages, root, "INBOX");
        foreach (var folder in Directory.GetDirectories(root, ".*").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(folder)[1..];
            if (name.Length > 0 && IsMaildir(folder))
            {
                // Maildir++ separates levels with "."; Lockbox with "/" (docs/decisions/0011).
                AddFolder(messages, folder, MailboxName.Validate(name.Replace('.', MailboxName.Delimiter)));
            }
        }

        return messages;
    }

    static bool IsMaildir(string directory) =>
        Directory.Exists(Path.Combine(directory, "cur")) || Directory.Exists(Path.Combine(directory, "new"));

    static void AddFolder(List<SourceMessage> messages, string folder, string mailbox)
    {
        // Unique names start with the delivery time in seconds, so name order is nearly arrival order.
        var files = Subdirectories
            .Select(sub => Path.Combine(folder, sub))
            .Where(Directory.Exists)
            .SelectMany(Directory.GetFiles)
            .OrderBy(Path.GetFileName, StringComparer.Ordinal);
        foreach (var file in files)
        {
            messages.Add(new SourceMessage(mailbox, Flags(Path.GetFileName(file)), File.GetLastWriteTimeUtc(file), () => CrlfStream.Open(File.OpenRead(file))));
        }
    }

    /// <summary>The system flags of a file name's ":2,FLAGS" info; other letters (P, keywords a-z) have no IMAP system flag.</summary>
    internal static SystemFlags Flags(string fileName)
    {
        var info = fileName.LastIndexOf(":2,", StringComparison.Ordinal);
        var flags = SystemFlags.None;
        if (info < 0)
        {
            return flags;
        }

        foreach (var letter in fileName.AsSpan(info + 3))
        {
            flags |= letter switch
            {
                'D' => SystemFlags.Draft,
                'F' => SystemFlags.Flagged,
                'R' => SystemFlags.Answered,
                'S' => SystemFlags.Seen,
                'T' => SystemFlags.Deleted,
                _ => SystemFlags.None,
            };
        }

        return flags;
    }
}
