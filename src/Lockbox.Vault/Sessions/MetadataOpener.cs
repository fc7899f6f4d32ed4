// SPDX-License-Identifier: MIT
using System.Security.Cryptography;
using System.Text.Json;
using Lockbox.Crypto.Messages;
using Lockbox.Storage;
using Lockbox.Vault.Contracts;
using Lockbox.Vault.Metadata;

namespace Lockbox.Vault.Sessions;

/// <summary>Opens a stored metadata record in whichever form it is, and says how to re-seal it if it was still under the public key.</summary>
internal static class MetadataOpener
{
    public static async Task<(MessageMetadata Metadata, MetadataUpdate? Reseal)> OpenAsync(UnlockedUser state, MessageRecord message, CancellationToken cancellationToken)
    {
        byte[] json;
        MetadataUpdate? reseal = null;
        switch (message.MetadataForm)
        {
            case MetadataForm.Clear:
                return (Parse(message.Metadata), null);
            case MetadataForm.MailboxKey:
                json = Require(state).Open(message.Metadata);
                break;
            default:
                json = await Decryption.WithAnyKeyAsync(state.Keys, async key =>
                {
                    using var plain = new MemoryStream();
                    await MessageDecryptor.DecryptAsync(new MemoryStream(message.Metadata, writable: false), key, plain, cancellationToken);
                    var bytes = plain.ToArray();
                    CryptographicOperations.ZeroMemory(plain.GetBuffer());
                    return bytes;
                });
                reseal = new MetadataUpdate(message.Id, Require(state).Seal(json), MetadataForm.MailboxKey);
                break;
        }

        try
        {
            return (Parse(json), reseal);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(json);
        }
    }

    static Crypto.Mailbox.MailboxKey Require(UnlockedUser state) =>
        state.MailboxKey ?? throw Decryption.NoMailboxKey(state, "metadata");

    static MessageMetadata Parse(byte[] json)
    {
        var metadata = JsonSerializer.Deserialize(json, MetadataJsonContext.Default.MessageMetadata)
            ?? throw new InvalidDataException("empty metadata record");
        return metadata with { Root = MimeFields.Complete(metadata.Root) };
    }
}
