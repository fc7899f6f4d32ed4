// SPDX-License-Identifier: MIT
namespace Lockbox.Commands.Doctor;

/// <summary>One line of <c>lockbox doctor</c>: the check's name and, in plain words, what it found.</summary>
public sealed record DoctorFinding(DoctorSeverity Severity, string Check, string Message)
{
    public static DoctorFinding Ok(string check, string message) => new(DoctorSeverity.Ok, check, message);

    public static DoctorFinding Warning(string check, string message) => new(DoctorSeverity.Warning, check, message);

    public static DoctorFinding Error(string check, string message) => new(DoctorSeverity.Error, check, message);

    /// <summary>"ok      certificate: ..." with the level padded so the check names line up.</summary>
    public override string ToString() => $"{Label,-8}{Check}: {Message}";

    string Label => Severity switch
    {
        DoctorSeverity.Ok => "ok",
        DoctorSeverity.Warning => "WARNING",
        _ => "ERROR",
    };
}
