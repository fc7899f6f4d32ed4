// SPDX-License-Identifier: MIT
using Lockbox.Storage;
using Lockbox.Vault.Contracts.Portal;

namespace Lockbox.Vault.Portal;

/// <summary>
/// Turns what the account services throw into <see cref="KeyPortalException"/>, so no Vault, Storage or Crypto exception
/// crosses the Contracts boundary. The kinds the portal can tell in advance (escrow mode, zero-access, consent) it checks
/// before delegating, with the page's words; what is left here is the kind the services report.
/// </summary>
internal static class PortalErrors
{
    public static async Task<T> RunAsync<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (VaultException e)
        {
            throw Map(e);
        }
        catch (StoreUnavailableException)
        {
            throw new KeyPortalException(KeyPortalError.Unavailable, "the mail store is unavailable for now; try again in a moment");
        }
    }

    public static Task RunAsync(Func<Task> operation) => RunAsync(async () =>
    {
        await operation();
        return true;
    });

    static KeyPortalException Map(VaultException e) => e.Error switch
    {
        VaultError.WrongPassword => new KeyPortalException(KeyPortalError.WrongPassword, e.Message),
        VaultError.WrongKeyPassphrase => new KeyPortalException(KeyPortalError.WrongKeyPassphrase, e.Message),
        _ => new KeyPortalException(KeyPortalError.NotAllowed, e.Message),
    };
}
