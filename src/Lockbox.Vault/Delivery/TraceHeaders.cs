// SPDX-License-Identifier: MIT
using System.Text;
using Lockbox.Vault.Contracts;
using Lockbox.Vault.Metadata;

namespace Lockbox.Vault.Delivery;

/// <summary>
/// The trace headers prepended at final delivery: Return-Path (RFC 5321 section 4.4) and
/// Delivered-To (the de-facto loop-detection header Postfix and Dovecot write).
/// </summary>
internal static class TraceHeaders
{
    public static (byte[] Bytes, IReadOnlyList<HeaderField> Fields) For(string returnPath, string recipient)
    {
        var returnPathValue = $" <{returnPath}>\r\n";
        var deliveredToValue = $" {recipient}\r\n";
        var text = "Return-Path:" + returnPathValue + "Delivered-To:" + deliveredToValue;
        return (Encoding.UTF8.GetBytes(text),
        [
            new HeaderField("Return-Path", Encoding.UTF8.GetBytes(returnPathValue)),
            new HeaderField("Delivered-To", Encoding.UTF8.GetBytes(deliveredToValue)),
        ]);
    }
}
