// SPDX-License-Identifier: MIT
using System.Text;

namespace Lockbox.EndToEnd.Tests.Infrastructure;

/// <summary>
/// What a delivered message must look like once stored: the trace headers Lockbox prepends
/// (Return-Path, RFC 5321 section 4.4; Delivered-To), then the message with every line ending in
/// CRLF: bare LF becomes CRLF, and a last line without a line end gains one (DATA cannot say otherwise). A sender
/// outside ASCII (SMTPUTF8, RFC 6531) is written as UTF-8, as RFC 6532 allows in header fields.
/// </summary>
internal static class StoredForm
{
    public static byte[] Of(byte[] original, string sender, string recipient)
    {
        using var stored = new MemoryStream(original.Length + 128);
        stored.Write(Encoding.UTF8.GetBytes($"Return-Path: <{sender}>\r\nDelivered-To: {recipient}\r\n"));
        for (var i = 0; i < original.Length; i++)
        {
            if (original[i] == '\n' && (i == 0 || original[i - 1] != '\r'))
            {
                stored.WriteByte((byte)'\r');
            }

            stored.WriteByte(original[i]);
        }

        if (!original.AsSpan().EndsWith("\r\n"u8) && !original.AsSpan().EndsWith("\n"u8))
        {
            stored.Write("\r\n"u8);
        }

        return stored.ToArray();
    }
}
