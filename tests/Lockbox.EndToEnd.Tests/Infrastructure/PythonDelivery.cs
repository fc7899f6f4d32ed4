// SPDX-License-Identifier: MIT
namespace Lockbox.EndToEnd.Tests.Infrastructure;

/// <summary>What smtplib.LMTP saw for one file: each recipient's final (code, text), or a client-side error.</summary>
internal sealed record PythonDelivery(string File, IReadOnlyDictionary<string, (int Code, string Text)> Replies, string? Error)
{
    /// <summary>True when there was no error and every recipient got a 2xx.</summary>
    public bool AllStored(int recipientCount) =>
        Error is null && Replies.Count == recipientCount && Replies.Values.All(r => r.Code is >= 200 and < 300);

    public override string ToString() =>
        $"{Path.GetFileName(File)}: {Error ?? string.Join(", ", Replies.Select(r => $"{r.Key}={r.Value.Code} {r.Value.Text}"))}";
}
