// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Lockbox.Crypto.Protection;

/// <summary>
/// Argon2id, version 0x13 (RFC 9106), by the reference implementation (Debian's libargon2-1), whose
/// lanes run on threads. Measured here: about 190 ms for 64 MiB, t=3, p=4, against 850-1000 ms for
/// BouncyCastle's managed version and 450-600 ms for Konscious (docs/decisions/0006-native-argon2.md).
/// Its output equals BouncyCastle's byte for byte (tested).
/// </summary>
internal static partial class Argon2Kdf
{
    const string Library = "libargon2.so.1";

    /// <summary>Fills <paramref name="output"/> from the password bytes and salt.</summary>
    public static void Derive(byte[] password, byte[] salt, Argon2Settings settings, byte[] output) =>
        DeriveRaw(password, salt, (uint)settings.Iterations, (uint)settings.MemoryKiB, (uint)settings.Parallelism, output);

    /// <summary>Unchecked parameters, for tests that compare against other implementations at small cost.</summary>
    internal static unsafe void DeriveRaw(byte[] password, byte[] salt, uint iterations, uint memoryKiB, uint parallelism, byte[] output)
    {
        int result;
        try
        {
            fixed (byte* passwordPointer = password)
            fixed (byte* saltPointer = salt)
            fixed (byte* outputPointer = output)
            {
                result = HashRaw(iterations, memoryKiB, parallelism, passwordPointer, (nuint)password.Length, saltPointer, (nuint)salt.Length, outputPointer, (nuint)output.Length);
            }
        }
        catch (DllNotFoundException e)
        {
            throw new CryptographicException($"{Library} is missing: install Debian's libargon2-1", e);
        }

        if (result != 0)
        {
            // ARGON2_MEMORY_ALLOCATION_ERROR (-22) is the one to expect: the host is out of memory.
            throw new CryptographicException($"Argon2id failed: {Marshal.PtrToStringUTF8(ErrorMessage(result))} ({result})");
        }
    }

    [LibraryImport(Library, EntryPoint = "argon2id_hash_raw")]
    private static unsafe partial int HashRaw(
        uint iterations, uint memoryKiB, uint parallelism, byte* password, nuint passwordLength, byte* salt, nuint saltLength, byte* hash, nuint hashLength);

    [LibraryImport(Library, EntryPoint = "argon2_error_message")]
    private static partial nint ErrorMessage(int errorCode);
}
