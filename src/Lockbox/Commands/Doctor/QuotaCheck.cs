// SPDX-License-Identifier: MIT
using System.Globalization;
using Lockbox.Vault.Quota;
using Microsoft.Extensions.Configuration;

namespace Lockbox.Commands.Doctor;

/// <summary>The doctor's quota check (docs/decisions/0041): the <c>Quota</c> settings read as meant, and what they do.</summary>
public static class QuotaCheck
{
    const string Check = "storage quota";

    public static DoctorFinding Of(IConfiguration configuration)
    {
        QuotaOptions options;
        try
        {
            options = configuration.GetSection(QuotaOptions.Section).Get<QuotaOptions>() ?? new QuotaOptions();
        }
        catch (InvalidOperationException e)
        {
            return DoctorFinding.Error(Check, $"{e.Message} (Quota:StorageLimit is a number of bytes, 0 for none)");
        }

        if (options.StorageLimit < 0)
        {
            return DoctorFinding.Error(Check, $"Quota:StorageLimit is {options.StorageLimit}: give a number of bytes, 0 for no limit");
        }

        if (options.WarningPercent is < 0 or > 100)
        {
            return DoctorFinding.Error(Check, $"Quota:WarningPercent is {options.WarningPercent}: give 1 to 100, or 0 for no warning");
        }

        if (options.StorageLimit == 0)
        {
            return DoctorFinding.Ok(Check, "no limit by default (`lockbox user quota` can give a user one)");
        }

        var refusal = options.Temporary ? "held at the MTA (452 4.2.2)" : "bounced (552 5.2.2)";
        var warning = options.WarningPercent == 0 ? "no warning" : string.Create(CultureInfo.InvariantCulture, $"a notice at {options.WarningPercent}%");
        return DoctorFinding.Ok(Check, string.Create(
            CultureInfo.InvariantCulture, $"{options.StorageLimit} bytes per user unless their own; mail for a full mailbox is {refusal}; {warning}"));
    }
}
