// SPDX-License-Identifier: MIT
namespace Lockbox.Vault.Consent;

/// <summary>How the audit log names a <see cref="ConsentActor"/>.</summary>
internal static class ConsentActorExtensions
{
    public static string Describe(this ConsentActor actor) =>
        actor == ConsentActor.User ? "the user" : "an administrator with the user's password";
}
