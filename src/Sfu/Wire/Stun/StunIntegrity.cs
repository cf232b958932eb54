using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Sfu.Wire.Stun;

/// <summary>HMAC-SHA1 for MESSAGE-INTEGRITY (RFC 5389 section 15.4), shared by the reader and the writer.</summary>
internal static class StunIntegrity
{
    /// <summary>Length of the HMAC-SHA1 value.</summary>
    public const int Length = 20;

    // Received STUN messages are small (a browser's binding request is about 100 bytes); larger prefixes
    // are copied into a pooled array instead of the stack.
    private const int StackCopyLimit = 1024;

    /// <summary>
    /// HMAC over a received message prefix (header + attributes before MESSAGE-INTEGRITY). The prefix is copied
    /// so its length field can say "ends after MESSAGE-INTEGRITY" without touching the caller's buffer.
    /// </summary>
    [SkipLocalsInit]
    public static bool TryComputeForReceived(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> key, Span<byte> destination)
    {
        byte[]? rented = null;
        Span<byte> copy = prefix.Length <= StackCopyLimit
            ? stackalloc byte[StackCopyLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(prefix.Length));
        copy = copy.Slice(0, prefix.Length);
        prefix.CopyTo(copy);
        BinaryPrimitives.WriteUInt16BigEndian(copy.Slice(2), (ushort)(prefix.Length - StunMessage.HeaderLength + 4 + Length));
        bool ok = HMACSHA1.TryHashData(key, copy, destination, out int written) && written == Length;
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return ok;
    }

    /// <summary>HMAC over bytes whose length field is already final (the writer sets it before hashing).</summary>
    public static bool TryCompute(ReadOnlySpan<byte> data, ReadOnlySpan<byte> key, Span<byte> destination) =>
        HMACSHA1.TryHashData(key, data, destination, out int written) && written == Length;
}
