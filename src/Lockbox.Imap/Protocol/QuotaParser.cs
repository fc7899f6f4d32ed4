// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Protocol;

/// <summary>SETQUOTA's arguments (RFC 9208 section 4.1): a root and a list of resource names with limits.</summary>
static class QuotaParser
{
    public static SetQuotaCommand ParseSetQuota(ImapArguments args)
    {
        var root = args.ReadAstring();
        args.ReadListStart();
        while (!args.TryReadListEnd())
        {
            // The resource name and its limit; nothing here is set by a client, so neither is checked further.
            args.ReadAtom();
            args.ReadAtom();
        }

        return new SetQuotaCommand(root);
    }
}
