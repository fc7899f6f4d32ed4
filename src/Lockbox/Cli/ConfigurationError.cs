// SPDX-License-Identifier: MIT
namespace Lockbox.Cli;

/// <summary>
/// A setting whose value cannot be read as its type. The configuration binder throws it when a service first reads its
/// settings, which may be deep in serve's start, with a message that names the value and the setting ("'10G' at
/// 'Quota:StorageLimit'"); DESIGN.md section 5 wants that line, not a stack trace.
/// </summary>
public static class ConfigurationError
{
    /// <summary>Whether <paramref name="e"/> is the binder's failure to convert a value (its message is in English on every runtime here).</summary>
    public static bool IsUnreadableValue(Exception e) =>
        e is InvalidOperationException { InnerException: ArgumentException or FormatException }
        && e.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal);
}
