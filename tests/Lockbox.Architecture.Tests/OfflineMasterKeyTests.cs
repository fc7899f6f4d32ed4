// SPDX-License-Identifier: MIT
using System.Reflection;
using NetArchTest.Rules;

namespace Lockbox.Architecture.Tests;

/// <summary>
/// Issue 2: a running server must never be able to load a master secret key. The only types that can
/// hold one live in Lockbox.Crypto.Offline, and only the offline CLI verbs (Lockbox.Commands.Offline) use them.
/// </summary>
public sealed class OfflineMasterKeyTests
{
    const string OfflineCrypto = "Lockbox.Crypto.Offline";
    const string OfflineCommands = "Lockbox.Commands.Offline";

    public static TheoryData<string> ServerAssemblies =>
        ["Lockbox.Vault", "Lockbox.Vault.Contracts", "Lockbox.Storage", "Lockbox.Imap", "Lockbox.Lmtp", "Lockbox.Web"];

    [Theory]
    [MemberData(nameof(ServerAssemblies))]
    public void Server_assembly_does_not_depend_on_offline_crypto(string assembly)
    {
        var result = Types.InAssembly(Assembly.Load(assembly)).ShouldNot().HaveDependencyOn(OfflineCrypto).GetResult();

        Assert.True(result.IsSuccessful, Describe(result));
    }

    [Fact]
    public void Only_offline_commands_in_the_executable_use_offline_crypto()
    {
        var result = Types.InAssembly(Assembly.Load("lockbox"))
            .That().DoNotResideInNamespace(OfflineCommands)
            .ShouldNot().HaveDependencyOn(OfflineCrypto)
            .GetResult();

        Assert.True(result.IsSuccessful, Describe(result));
    }

    [Fact]
    public void Server_side_crypto_does_not_depend_on_offline_crypto()
    {
        var result = Types.InAssembly(Assembly.Load("Lockbox.Crypto"))
            .That().DoNotResideInNamespace(OfflineCrypto)
            .ShouldNot().HaveDependencyOn(OfflineCrypto)
            .GetResult();

        Assert.True(result.IsSuccessful, Describe(result));
    }

    static string Describe(NetArchTest.Rules.TestResult result) =>
        "these types depend on " + OfflineCrypto + ": " + string.Join(", ", result.FailingTypeNames ?? []);
}
