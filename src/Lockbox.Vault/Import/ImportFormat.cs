// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Import;

/// <summary>The mail stores <c>lockbox import</c> reads.</summary>
public enum ImportFormat
{
    /// <summary>A Maildir with Maildir++ subfolders (Dovecot's default layout), flags from the file names.</summary>
    Maildir,

    /// <summary>One mbox file in the mboxrd convention (">From " lines unescaped by one level), flags from Status and X-Status.</summary>
    Mbox,
}
