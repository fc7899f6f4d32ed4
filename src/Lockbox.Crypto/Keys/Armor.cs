// SPDX-License-Identifier: MIT
using System.Text;
using Org.BouncyCastle.Bcpg;

namespace Lockbox.Crypto.Keys;

/// <summary>
/// ASCII armor (RFC 4880 section 6.2). The block type (PUBLIC KEY BLOCK, PRIVATE KEY BLOCK, MESSAGE)
/// follows from the first packet. No Version header: it only fingerprints the software.
/// </summary>
internal static class Armor
{
    public static string Encode(byte[] binary)
    {
        using var buffer = new MemoryStream();
        using (var armored = ArmoredOutputStream.Build().Build(buffer))
        {
            armored.Write(binary);
        }

        return Encoding.ASCII.GetString(buffer.ToArray());
    }
}
