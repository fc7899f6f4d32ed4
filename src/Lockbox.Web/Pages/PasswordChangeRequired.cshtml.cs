// SPDX-License-Identifier: MIT
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Lockbox.Web.Pages;

/// <summary>
/// GET /password-change-required: where a login with an escrow recovery's one-time password lands
/// (<see cref="Vault.Contracts.PasswordChangeRequiredException"/>). The change itself comes with the Security page.
/// </summary>
public sealed class PasswordChangeRequiredModel : PageModel;
