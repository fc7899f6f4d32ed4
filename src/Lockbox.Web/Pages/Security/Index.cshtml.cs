// SPDX-License-Identifier: MIT
using Lockbox.Vault.Contracts.Portal;
using Microsoft.AspNetCore.Mvc;

namespace Lockbox.Web.Pages.Security;

/// <summary>
/// GET /security?done=: the signed-in user's protection, key, two-password mode, escrow and opt-in job, with links to
/// each action, and the user's audit entries newest first. <c>done</c> names the action just finished, for a fixed notice.
/// </summary>
public sealed class IndexModel : SecurityPageModel
{
    static readonly Dictionary<string, string> Notices = new(StringComparer.Ordinal)
    {
        ["password"] = "Your password was changed. Your key is protected by the new password and your mail is kept.",
        ["key"] = "Your key was imported; new mail is encrypted to it.",
        ["passphrase-on"] = "Your key now has its own passphrase; it is asked after each sign-in.",
        ["passphrase-off"] = "Your key is protected by your password again.",
        ["escrow-consent"] = "You agreed to key escrow; the provider keeps a copy of your keys.",
        ["escrow-opt-out"] = "You opted out of key escrow; the provider's copies of your keys were deleted.",
    };

    public SecurityStatus Status { get; private set; } = null!;

    public IReadOnlyList<SecurityEvent> Events { get; private set; } = [];

    public string? Notice { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? done)
    {
        var ct = HttpContext.RequestAborted;
        Status = await Portal.GetStatusAsync(Address, ct);
        Events = await Portal.GetSecurityEventsAsync(Address, ct);
        Notice = done is not null && Notices.TryGetValue(done, out var text) ? text : null;
        return Page();
    }

    /// <summary>The protection in plain words.</summary>
    public static string Describe(MailboxProtection protection) => protection switch
    {
        MailboxProtection.Cleartext => "Not encrypted: the server stores your mail as it arrives.",
        MailboxProtection.Encrypted => "Encrypted with your key; the server opens it only while you are signed in.",
        MailboxProtection.ZeroAccess => "Encrypted to a key only you hold: the server can never read your mail.",
        _ => protection.ToString(),
    };

    /// <summary>The provider's escrow setting, in words.</summary>
    public static string Describe(EscrowServerMode mode) => mode switch
    {
        EscrowServerMode.Off => "no escrow",
        EscrowServerMode.OptIn => "a copy only with your consent",
        EscrowServerMode.OptOut => "a copy unless you opt out",
        EscrowServerMode.Mandatory => "a copy of every key, required",
        _ => mode.ToString(),
    };

    /// <summary>The user's escrow answer, in words.</summary>
    public static string Describe(EscrowUserChoice choice) => choice switch
    {
        EscrowUserChoice.Undecided => "not given",
        EscrowUserChoice.Consented => "you agreed",
        EscrowUserChoice.OptedOut => "you opted out",
        _ => choice.ToString(),
    };

    /// <summary>The key's strength, e.g. "RSA 3072 bits" or "EdDSA (Ed25519)".</summary>
    public static string Strength(string algorithm, int? bits, string? curve) =>
        bits is not null ? algorithm + " " + bits + " bits" : curve is not null ? algorithm + " (" + curve + ")" : algorithm;
}
