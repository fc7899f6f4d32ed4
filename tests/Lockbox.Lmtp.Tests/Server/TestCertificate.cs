// SPDX-License-Identifier: MIT
using Lockbox.FrontEnd.Tls;

namespace Lockbox.Lmtp.Tests.Server;

/// <summary>One self-signed server certificate for the whole test run, made as <c>serve</c> makes its fallback.</summary>
internal static class TestCertificate
{
    static readonly Lazy<ServerCertificate> Instance = new(() =>
        ServerCertificate.LoadOrCreate(null, null, Directory.CreateTempSubdirectory("lockbox-lmtp-tls-").FullName, TimeProvider.System));

    public static ServerCertificate Shared => Instance.Value;
}
