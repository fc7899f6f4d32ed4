// SPDX-License-Identifier: MIT
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Lockbox.Crypto.Messages;

/// <summary>
/// The ephemeral X25519 agreement of a Curve25519 PKESK (RFC 7748 section 6.1; RFC 6637 section 8) through
/// OpenSSL's libcrypto, which .NET's own cryptography has already loaded: about five times faster than
/// BouncyCastle's managed field arithmetic, which was the largest single CPU cost of an encrypted delivery
/// after AES (docs/decisions/0015). .NET has no X25519 API, so this calls the EVP interface directly.
/// When libcrypto 3 cannot be loaded, <see cref="IsAvailable"/> is false and the caller uses BouncyCastle.
/// </summary>
internal static partial class OpenSslX25519
{
    const string Library = "libcrypto.so.3";
    const int EvpPkeyX25519 = 1034; // NID_X25519
    public const int KeySize = 32;

    static readonly Lazy<bool> Available = new(Probe);

    /// <summary>True when libcrypto 3 and its X25519 are usable in this process.</summary>
    public static bool IsAvailable => Available.Value;

    /// <summary>
    /// Draws an ephemeral key, writes its public u-coordinate to <paramref name="ephemeralPublic"/> and the shared
    /// secret with <paramref name="recipientPublic"/> to <paramref name="secret"/> (both 32 octets, RFC 7748 encoding).
    /// Returns false when there is no secret: a low-order point, whose all-zero result OpenSSL refuses (section 6.1).
    /// </summary>
    public static bool Agree(ReadOnlySpan<byte> recipientPublic, Span<byte> ephemeralPublic, Span<byte> secret)
    {
        if (recipientPublic.Length != KeySize || ephemeralPublic.Length != KeySize || secret.Length != KeySize)
        {
            throw new ArgumentException("X25519 keys and secrets are 32 octets");
        }

        Span<byte> scalar = stackalloc byte[KeySize];
        nint ephemeral = 0, peer = 0, context = 0;
        var loaded = false;
        try
        {
            RandomNumberGenerator.Fill(scalar);
            // OpenSSL clamps the scalar itself (RFC 7748 section 5, decodeScalar25519).
            ephemeral = NewRawPrivateKey(EvpPkeyX25519, 0, scalar, KeySize);
            loaded = true;
            peer = NewRawPublicKey(EvpPkeyX25519, 0, recipientPublic, KeySize);
            if (ephemeral == 0 || peer == 0)
            {
                throw new CryptographicException("OpenSSL could not load an X25519 key");
            }

            nuint length = KeySize;
            if (GetRawPublicKey(ephemeral, ephemeralPublic, ref length) != 1 || length != KeySize)
            {
                throw new CryptographicException("OpenSSL could not compute the X25519 public key");
            }

            context = NewContext(ephemeral, 0);
            if (context == 0 || DeriveInit(context) != 1 || DeriveSetPeer(context, peer) != 1)
            {
                throw new CryptographicException("OpenSSL could not start the X25519 agreement");
            }

            length = KeySize;
            return Derive(context, secret, ref length) == 1 && length == KeySize;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(scalar);
            if (loaded)
            {
                FreeContext(context);
                FreeKey(ephemeral);
                FreeKey(peer);
                // A failure leaves its reason in OpenSSL's thread-local error queue, which .NET's own calls read.
                ClearErrors();
            }
        }
    }

    static bool Probe()
    {
        try
        {
            Span<byte> basePoint = stackalloc byte[KeySize];
            basePoint[0] = 9; // RFC 7748 section 4.1: u = 9
            return Agree(basePoint, stackalloc byte[KeySize], stackalloc byte[KeySize]);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or CryptographicException)
        {
            return false;
        }
    }

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_new_raw_private_key")]
    private static partial nint NewRawPrivateKey(int type, nint engine, ReadOnlySpan<byte> key, nuint length);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_new_raw_public_key")]
    private static partial nint NewRawPublicKey(int type, nint engine, ReadOnlySpan<byte> key, nuint length);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_get_raw_public_key")]
    private static partial int GetRawPublicKey(nint key, Span<byte> output, ref nuint length);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_CTX_new")]
    private static partial nint NewContext(nint key, nint engine);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_derive_init")]
    private static partial int DeriveInit(nint context);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_derive_set_peer")]
    private static partial int DeriveSetPeer(nint context, nint peer);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_derive")]
    private static partial int Derive(nint context, Span<byte> secret, ref nuint length);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_CTX_free")]
    private static partial void FreeContext(nint context);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_free")]
    private static partial void FreeKey(nint key);

    [LibraryImport(Library, EntryPoint = "ERR_clear_error")]
    private static partial void ClearErrors();
}
