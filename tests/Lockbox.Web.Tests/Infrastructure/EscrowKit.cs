// SPDX-License-Identifier: MIT
using System.Text;
using Lockbox.Crypto.Escrow;
using Lockbox.Crypto.Offline;
using Lockbox.Crypto.Protection;
using Lockbox.Vault.Escrow;
using Microsoft.Extensions.DependencyInjection;

namespace Lockbox.Web.Tests.Infrastructure;

/// <summary>The provider's side of escrow for web tests: a master key, and a recovery that forces a password change.</summary>
internal static class EscrowKit
{
    /// <summary>Generates an escrow master key and installs its public part; the caller disposes it.</summary>
    public static async Task<MasterSecretKey> InstallMasterKeyAsync(WebTestServer server)
    {
        var master = MasterKeyCeremony.Generate();
        await server.Services.GetRequiredService<EscrowMaster>().InstallAsync(Encoding.ASCII.GetBytes(master.PublicKey.ToArmored()), CancellationToken.None);
        return master;
    }

    /// <summary>Recovers <paramref name="address"/> from escrow as the operator would; returns the one-time password.</summary>
    public static async Task<string> RecoverAsync(WebTestServer server, MasterSecretKey master, string address)
    {
        var escrow = server.Services.GetRequiredService<EscrowService>();
        var request = EscrowDocument.Parse(await escrow.ExportAsync(address, CancellationToken.None), EscrowDocument.RequestKind);
        var oneTime = EscrowRecovery.NewOneTimePassword();
        var response = await EscrowRecovery.RecoverAsync(request, master, oneTime, Argon2Settings.Default, CancellationToken.None);
        await escrow.RestoreAsync(address, response.ToJson(), CancellationToken.None);
        return oneTime;
    }
}
