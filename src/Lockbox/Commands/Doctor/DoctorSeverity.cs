// SPDX-License-Identifier: MIT
namespace Lockbox.Commands.Doctor;

/// <summary>How bad a <c>lockbox doctor</c> finding is: only <see cref="Error"/> makes the verb exit 1.</summary>
public enum DoctorSeverity
{
    /// <summary>The check passed.</summary>
    Ok,

    /// <summary>Works, but not as production should (a self-signed certificate, group-readable files).</summary>
    Warning,

    /// <summary>Lockbox will fail or break a promise (mail refused, keys unprotected, escrow impossible).</summary>
    Error,
}
