// SPDX-License-Identifier: MIT
using System.Text.Json;
using Lockbox.Vault.Contracts;

namespace Lockbox.Vault.ZeroAccess;

/// <summary>
/// The header fields a zero-access message shows outside its encryption (RFC 9788 section 4.1 leaves the choice to
/// the sender; these are the ones a mail client needs to list and thread mail): the first Date, From, To and
/// Message-ID of the delivered message, raw. Stored in clear at delivery (<see cref="Storage.MetadataForm.OuterHeaders"/>),
/// because the server holds no key to read them later; docs/threat-model.md lists what this leaks.
/// </summary>
internal static class OuterHeaders
{
    static readonly string[] Names = ["Date", "From", "To", "Message-ID"];

    /// <summary>The record to store for a message whose top-level header fields are <paramref name="headers"/>.</summary>
    public static byte[] Record(IReadOnlyList<HeaderField> headers)
    {
        var fields = Names
            .Select(name => headers.FirstOrDefault(h => !h.NoColon && h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
            .OfType<HeaderField>()
            .Select(h => new HeaderField(h.Name, h.RawValue))
            .ToArray();
        return JsonSerializer.SerializeToUtf8Bytes(fields, ZeroAccessJsonContext.Default.HeaderFieldArray);
    }

    /// <summary>The fields of a stored record.</summary>
    /// <exception cref="InvalidDataException">The record is not one.</exception>
    public static IReadOnlyList<HeaderField> Read(byte[] record)
    {
        try
        {
            return JsonSerializer.Deserialize(record, ZeroAccessJsonContext.Default.HeaderFieldArray)
                ?? throw new InvalidDataException("empty outer header record");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException("not an outer header record", e);
        }
    }
}
