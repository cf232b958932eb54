namespace Sfu.Ice;

/// <summary>
/// The USERNAME of an ICE connectivity check is "recipientUfrag:senderUfrag" (RFC 8445 section 7.2.2), so a
/// request to us carries "ourUfrag:theirUfrag". A ufrag cannot contain ':' (RFC 8839 ice-char), so the first
/// colon splits it.
/// </summary>
public static class IceUsername
{
    /// <summary>
    /// Splits a received USERNAME into the recipient's (our) ufrag and the sender's (their) ufrag.
    /// Both parts must be non-empty.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> username, out ReadOnlySpan<byte> localUfrag, out ReadOnlySpan<byte> remoteUfrag)
    {
        int colon = username.IndexOf((byte)':');
        if (colon <= 0 || colon == username.Length - 1)
        {
            localUfrag = default;
            remoteUfrag = default;
            return false;
        }

        localUfrag = username.Slice(0, colon);
        remoteUfrag = username.Slice(colon + 1);
        return true;
    }

    /// <summary>Writes "recipientUfrag:senderUfrag"; returns the length, or 0 when the destination is too small.</summary>
    public static int Write(Span<byte> destination, ReadOnlySpan<byte> recipientUfrag, ReadOnlySpan<byte> senderUfrag)
    {
        int length = recipientUfrag.Length + 1 + senderUfrag.Length;
        if (destination.Length < length)
        {
            return 0;
        }

        recipientUfrag.CopyTo(destination);
        destination[recipientUfrag.Length] = (byte)':';
        senderUfrag.CopyTo(destination.Slice(recipientUfrag.Length + 1));
        return length;
    }
}
