// SPDX-License-Identifier: MIT
namespace Lockbox.Imap.Server;

/// <summary>The session states a command is allowed in: one column of the <see cref="CommandGate"/> table.</summary>
[Flags]
internal enum StateSet
{
    None = 0,
    NotAuthenticated = 1,
    Authenticated = 2,
    Selected = 4,
    LoggedIn = Authenticated | Selected,
    Any = NotAuthenticated | Authenticated | Selected,
}
