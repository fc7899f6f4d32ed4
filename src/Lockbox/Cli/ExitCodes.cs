// SPDX-License-Identifier: MIT
namespace Lockbox.Cli;

/// <summary>Process exit codes. Where a verb is an MTA's delivery agent, they follow sysexits.h.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>A verdict was negative, e.g. <c>key check</c> rejected the key.</summary>
    public const int Rejected = 1;

    /// <summary>The command line or an input file is unusable.</summary>
    public const int BadInput = 2;

    /// <summary>sysexits.h EX_NOUSER: the recipient does not exist (the MTA bounces).</summary>
    public const int NoSuchUser = 67;

    /// <summary>
    /// sysexits.h EX_NOPERM: refused for good, such as a mailbox over its quota (the MTA bounces; dovecot-lda -e does the same).
    /// </summary>
    public const int NoPermission = 77;

    /// <summary>sysexits.h EX_TEMPFAIL: try again later (the MTA defers and retries).</summary>
    public const int TemporaryFailure = 75;

    /// <summary>Interrupted by SIGINT or SIGTERM (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;
}
