// SPDX-License-Identifier: MIT
using System.Globalization;
using System.Text.Json;

namespace Lockbox.Crypto.Escrow;

/// <summary>
/// A recovery request (server to offline side, <c>escrow export</c>) or its response (offline side to server,
/// <c>escrow recover</c>), as a small JSON document. Neither holds anything readable without a secret: a request
/// holds keys encrypted to the master key, a response keys protected by a one-time password that travels apart.
/// </summary>
/// <param name="Kind">Which of the two (<see cref="RequestKind"/>, <see cref="ResponseKind"/>).</param>
/// <param name="RequestId">The request's random ID; a response carries its request's, which the server checks against its audit log.</param>
/// <param name="Address">The user.</param>
/// <param name="MasterFingerprint">The master public key the copies are encrypted to.</param>
/// <param name="CreatedUtc">When the document was written.</param>
/// <param name="Keys">Every key of the user's history that has a copy (request) or was recovered (response).</param>
public sealed record EscrowDocument(string Kind, string RequestId, string Address, string MasterFingerprint, DateTime CreatedUtc, IReadOnlyList<EscrowEntry> Keys)
{
    /// <summary>The format name of a recovery request.</summary>
    public const string RequestKind = "lockbox-escrow-request-v1";

    /// <summary>The format name of a recovery response.</summary>
    public const string ResponseKind = "lockbox-escrow-response-v1";

    /// <summary>Larger files are refused unread: a user has a handful of keys, a few KiB each.</summary>
    public const int MaxBytes = 4 * 1024 * 1024;

    /// <summary>The response to this request, carrying <paramref name="recovered"/>.</summary>
    public EscrowDocument Answer(IReadOnlyList<EscrowEntry> recovered) =>
        this with { Kind = ResponseKind, CreatedUtc = DateTime.UtcNow, Keys = recovered };

    /// <summary>The document as UTF-8 JSON.</summary>
    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("format", Kind);
            writer.WriteString("request", RequestId);
            writer.WriteString("address", Address);
            writer.WriteString("master", MasterFingerprint);
            writer.WriteString("created", CreatedUtc.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            writer.WriteStartArray("keys");
            foreach (var key in Keys)
            {
                writer.WriteStartObject();
                writer.WriteString("fingerprint", key.Fingerprint);
                writer.WriteBase64String("data", key.Data);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Reads a document of the expected <paramref name="kind"/>.</summary>
    /// <exception cref="EscrowFormatException">Not such a document, or a field is missing or malformed.</exception>
    public static EscrowDocument Parse(ReadOnlySpan<byte> json, string kind)
    {
        if (json.Length > MaxBytes)
        {
            throw new EscrowFormatException("too large for an escrow request or response");
        }

        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            var found = Text(root, "format");
            if (found != kind)
            {
                throw new EscrowFormatException($"expected a {kind} document, found {found}");
            }

            var keys = root.GetProperty("keys").EnumerateArray()
                .Select(k => new EscrowEntry(Text(k, "fingerprint"), k.GetProperty("data").GetBytesFromBase64()))
                .ToList();
            if (keys.Count == 0)
            {
                throw new EscrowFormatException("the document lists no key");
            }

            var created = DateTime.ParseExact(Text(root, "created"), "yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
            return new EscrowDocument(found, Text(root, "request"), Text(root, "address"), Text(root, "master"), created, keys);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new EscrowFormatException($"not a {kind} document: {e.Message}", e);
        }
    }

    static string Text(JsonElement element, string name) =>
        element.GetProperty(name).GetString() is { Length: > 0 } value ? value : throw new EscrowFormatException($"the field \"{name}\" is empty");
}
