// SPDX-License-Identifier: MIT
using System.Security.Cryptography;

namespace Lockbox.Vault.Tests.Recovery;

/// <summary>Files as a failed write or a crash leaves them in a blob directory, last written some time ago.</summary>
internal static class PlantedLeftover
{
    /// <summary>A committed blob file that no row names; <paramref name="prefix"/> picks its fan-out directory.</summary>
    public static string Blob(string blobDirectory, TimeSpan age, string prefix = "") =>
        Plant(blobDirectory, prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))[prefix.Length..], temp: false, age);

    /// <summary>A half-written blob in <c>tmp/</c>.</summary>
    public static string Temp(string blobDirectory, TimeSpan age) =>
        Plant(blobDirectory, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), temp: true, age);

    static string Plant(string blobDirectory, string id, bool temp, TimeSpan age)
    {
        var directory = Directory.CreateDirectory(Path.Combine(blobDirectory, temp ? "tmp" : id[..2])).FullName;
        var path = Path.Combine(directory, id);
        File.WriteAllBytes(path, RandomNumberGenerator.GetBytes(512));
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow - age);
        return path;
    }
}
