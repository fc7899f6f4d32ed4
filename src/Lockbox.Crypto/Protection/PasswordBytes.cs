// SPDX-License-Identifier: MIT
using System.Buffers;
using System.Text;

namespace Lockbox.Crypto.Protection;

/// <summary>
/// Turns a typed password into the bytes a KDF hashes: UTF-8 of its NFC form. The same password typed
/// on two clients can arrive as different code points ("é" as U+00E9 from one keyboard, "e" + U+0301
/// from another, macOS file dialogs decompose); without normalisation the user would be locked out by
/// an invisible difference. NFC, not NFKC, so compatibility characters the user chose stay distinct
/// (RFC 8265 section 4 uses NFC for passwords too).
/// </summary>
internal static class PasswordBytes
{
    // With InvariantGlobalization .NET has no normalisation data and silently reports every string as
    // NFC. Hashing unnormalised bytes then would lock the user out the day ICU is turned on, so refuse.
    static readonly bool s_normalizationAvailable = !"e\u0301".AsSpan().IsNormalized(NormalizationForm.FormC);

    /// <summary>A new buffer the caller owns and must zero (<see cref="Array.Clear(Array)"/>) in a finally block.</summary>
    /// <exception cref="InvalidOperationException">A non-ASCII password in a process without ICU (InvariantGlobalization).</exception>
    public static byte[] Encode(ReadOnlySpan<char> password)
    {
        // ASCII text is always NFC.
        if (System.Text.Ascii.IsValid(password))
        {
            return Utf8(password);
        }

        if (!s_normalizationAvailable)
        {
            throw new InvalidOperationException(
                "non-ASCII passwords need Unicode normalization, which InvariantGlobalization disables");
        }

        if (password.IsNormalized(NormalizationForm.FormC))
        {
            return Utf8(password);
        }

        // NFC can grow the text (up to 3x for some scripts); size it exactly and zero the scratch copy.
        var length = password.GetNormalizedLength(NormalizationForm.FormC);
        var normalized = ArrayPool<char>.Shared.Rent(length);
        try
        {
            if (!password.TryNormalize(normalized, out var written, NormalizationForm.FormC))
            {
                throw new InvalidOperationException("normalized password did not fit its computed length");
            }

            return Utf8(normalized.AsSpan(0, written));
        }
        finally
        {
            Array.Clear(normalized);
            ArrayPool<char>.Shared.Return(normalized);
        }
    }

    static byte[] Utf8(ReadOnlySpan<char> text)
    {
        // Lone surrogates cannot be typed; refuse them rather than hash U+FFFD in their place.
        var encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        var bytes = new byte[encoding.GetByteCount(text)];
        encoding.GetBytes(text, bytes);
        return bytes;
    }
}
