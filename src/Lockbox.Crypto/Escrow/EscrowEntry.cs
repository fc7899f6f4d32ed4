// SPDX-License-Identifier: MIT
namespace Lockbox.Crypto.Escrow;

/// <summary>One key in a recovery request or response.</summary>
/// <param name="Fingerprint">The user key's fingerprint, 40 upper-case hex digits.</param>
/// <param name="Data">
/// In a request: the escrow copy (<see cref="EscrowWrap"/>), encrypted to the master key. In a response: the
/// recovered key, protected under the one-time password (<see cref="Protection.KeyProtector"/>).
/// </param>
public sealed record EscrowEntry(string Fingerprint, byte[] Data);
