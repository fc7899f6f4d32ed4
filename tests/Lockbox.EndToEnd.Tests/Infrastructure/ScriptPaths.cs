// SPDX-License-Identifier: MIT
namespace Lockbox.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The Python helpers copied next to the test assembly (Scripts/): lmtp_send.py, smtp_send.py, email_summary.py (what Python's email package reads), imap_session.py, imap_utf8.py, seccomp_exec.py, and mailgen.py,
/// a committed copy of the shared bench generator (../shared/bench), so that a CI clone without
/// ../shared still runs every test.
/// </summary>
internal static class ScriptPaths
{
    public static string LmtpSend => Path.Combine(AppContext.BaseDirectory, "Scripts", "lmtp_send.py");

    public static string SmtpSend => Path.Combine(AppContext.BaseDirectory, "Scripts", "smtp_send.py");

    public static string Mailgen => Path.Combine(AppContext.BaseDirectory, "Scripts", "mailgen.py");

    public static string EmailSummary => Path.Combine(AppContext.BaseDirectory, "Scripts", "email_summary.py");

    public static string ImapSession => Path.Combine(AppContext.BaseDirectory, "Scripts", "imap_session.py");

    public static string ImapUtf8 => Path.Combine(AppContext.BaseDirectory, "Scripts", "imap_utf8.py");

    public static string SeccompExec => Path.Combine(AppContext.BaseDirectory, "Scripts", "seccomp_exec.py");

    /// <summary>packaging/lockbox.service, copied next to the test assembly.</summary>
    public static string SystemdUnit => Path.Combine(AppContext.BaseDirectory, "Packaging", "lockbox.service");
}
