// SPDX-License-Identifier: MIT
using System.Text;

using Lockbox.Crypto;
using Lockbox.Crypto.Keys;
using Lockbox.Crypto.Policy;

namespace Lockbox.Fuzz.Tests.Targets;

/// <summary>
/// What <c>lockbox key check FILE</c> and the web key upload run on untrusted bytes: <see cref="KeyImport.Import"/>,
/// then <see cref="KeyPolicy.Evaluate"/>, then (for a secret key, one input in eight) <see cref="ImportedKey.Unlock"/> with a wrong
/// passphrase, as the importer's password check does. Oracle: Import throws only <see cref="KeyFormatException"/>;
/// a verdict names the key and every broken rule; Unlock throws only
/// <see cref="WrongPasswordException"/>.
/// </summary>
public sealed class KeyImportTarget : FuzzTarget
{
    static readonly DateTime Now = new(2026, 11, 29, 12, 0, 0, DateTimeKind.Utc);

    /// <inheritdoc />
    public override string Name => "keys";

    /// <inheritdoc />
    public override IReadOnlyList<byte[]> Dictionary { get; } =
    [
        .. new[]
        {
            "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n", "-----END PGP PUBLIC KEY BLOCK-----\n", "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n",
            "-----END PGP PRIVATE KEY BLOCK-----\n", "\n=", "Version: x\n", "Comment: y\n", "\x99\x01\x0d\x04", "\xc6\x33\x04", "\x95\x03\xc6\x05",
            "\xb4\x05", "\x89\x01\xd4\x04\x13\x01\x08", "\xff\xff\xff\xff", "\x00\x00", "\x01\x00", "\x03\x01\x00\x01", "\xfe\x07", "\xfd\x09",
        }.Select(Encoding.Latin1.GetBytes),
    ];

    /// <summary>
    /// A secret key may ask for the largest S2K count, 65,011,712 bytes of hashing (RFC 4880 section 3.7.1.3), which
    /// the importer must run to check the passphrase: about a second on a quiet core, and 30 s was seen with four
    /// targets on two loaded cores (a 1.6 KB key that replays in seconds). A cost the format allows is no hang.
    /// </summary>
    public override TimeSpan InputTimeLimit => TimeSpan.FromSeconds(90);

    /// <inheritdoc />
    public override string Execute(byte[] input)
    {
        ImportedKey imported;
        try
        {
            imported = KeyImport.Import(input);
        }
        catch (KeyFormatException e)
        {
            return "format:" + string.Join(' ', e.Message.Split(' ').Take(4));
        }

        var verdict = new KeyPolicy().Evaluate(imported.Certificate, Now);
        if (verdict.Fingerprint.Length == 0 || verdict.Summary.Length == 0 || verdict.Reasons.Any(string.IsNullOrWhiteSpace))
        {
            throw new FuzzOracleException($"verdict without a fingerprint, a summary or a named reason: {verdict}");
        }

        var label = verdict.Accepted ? "accepted" : "rejected:" + string.Join(',', verdict.Reasons.Select(r => string.Join(' ', r.Split(' ').Take(3))));
        // Unlocking runs the key's S2K, up to 65M hash iterations (RFC 4880 section 3.7.1.3): about a second each,
        // so one input in eight (by length) takes this path to keep the run's rate up.
        if (!imported.HasSecretKey || input.Length % 8 != 0)
        {
            return label;
        }

        try
        {
            using var unlocked = imported.Unlock("not the passphrase");
            return label + " unlocked";
        }
        catch (WrongPasswordException)
        {
            return label + " wrong-password";
        }
    }
}
