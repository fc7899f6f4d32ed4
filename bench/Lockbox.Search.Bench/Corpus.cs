// SPDX-License-Identifier: MIT
using System.Text;

/// <summary>Deterministic messages of about 3 KiB of prose; every 500th one carries the rare word in subject and body.</summary>
internal static class Corpus
{
    public const string RareWord = "quokkabench";

    static readonly string[] Words =
    [
        "harbour", "meeting", "invoice", "project", "schedule", "review", "budget", "travel", "report", "update",
        "customer", "contract", "delivery", "question", "answer", "weekend", "morning", "evening", "coffee", "agenda",
        "draft", "final", "numbers", "quarter", "office", "remote", "server", "backup", "holiday", "request",
    ];

    public static int RareCount(int count) => (count + 499) / 500;

    public static byte[] Message(int i)
    {
        var random = new Random(i);
        string Sentence() => string.Join(' ', Enumerable.Range(0, 12).Select(_ => Words[random.Next(Words.Length)])) + ".";
        var rare = i % 500 == 0 ? " " + RareWord : "";
        var body = new StringBuilder();
        for (var line = 0; line < 40; line++)
        {
            body.Append(Sentence()).Append(line == 20 ? rare : "").Append("\r\n");
        }

        return Encoding.UTF8.GetBytes(
            $"From: Sender {i % 97} <sender{i % 97}@example.net>\r\nTo: bench@example.org\r\nSubject: {Sentence()}{rare}\r\n"
            + $"Date: Mon, 02 Mar 2026 10:{i % 60:D2}:00 +0000\r\nMessage-ID: <{i}@bench>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}");
    }
}
