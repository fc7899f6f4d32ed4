// SPDX-License-Identifier: MIT
using System.CommandLine;

namespace Lockbox.Commands;

/// <summary>The <c>master-key</c> verbs: the provider's offline escrow key. Run them on an offline machine.</summary>
public static class MasterKeyCommands
{
    public static Command Create()
    {
        var masterKey = new Command("master-key", "Create and recombine the offline escrow master key.");
        return masterKey;
    }
}
