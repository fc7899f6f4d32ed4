// SPDX-License-Identifier: MIT
using System.CommandLine;

namespace Lockbox.Commands;

/// <summary>The <c>key</c> verbs: user key policy, import and export.</summary>
public static class KeyCommands
{
    public static Command Create()
    {
        var key = new Command("key", "Check, import and export users' OpenPGP keys.");
        return key;
    }
}
