namespace Sfu.Wire.Rtp;

/// <summary>
/// Finding and rewriting RFC 8285 header extension elements inside an RTP packet, in place and
/// without allocating.
/// </summary>
public static class RtpHeaderExtensions
{
    /// <summary>An enumerator over all elements of the packet's extension block.</summary>
    public static RtpHeaderExtensionEnumerator Enumerate(ReadOnlySpan<byte> packet, in RtpHeader header) =>
        new(packet, header);

    /// <summary>Finds the first element with <paramref name="id"/>; false if absent or the block is unusable.</summary>
    public static bool TryFind(ReadOnlySpan<byte> packet, in RtpHeader header, int id, out ReadOnlySpan<byte> value)
    {
        var elements = new RtpHeaderExtensionEnumerator(packet, header);
        while (elements.MoveNext())
        {
            if (elements.Current.Id == id)
            {
                value = elements.Current.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>Finds the first element with <paramref name="id"/> and returns its value as a writable slice of the packet.</summary>
    public static bool TryFindWritable(Span<byte> packet, in RtpHeader header, int id, out Span<byte> value)
    {
        var elements = new RtpHeaderExtensionEnumerator(packet, header);
        while (elements.MoveNext())
        {
            if (elements.Current.Id == id)
            {
                value = packet.Slice(elements.Current.ValueOffset, elements.Current.Value.Length);
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>
    /// Changes the id of the first element with id <paramref name="fromId"/> to <paramref name="toId"/>.
    /// False (packet unchanged) when no such element exists or <paramref name="toId"/> is not valid
    /// for the packet's form (1-14 one-byte, 1-255 two-byte).
    /// </summary>
    public static bool TryRewriteId(Span<byte> packet, in RtpHeader header, int fromId, int toId)
    {
        bool twoByte = RtpExtensionProfile.IsTwoByte(header.ExtensionProfile);
        if (!IsValidId(toId, twoByte))
        {
            return false;
        }

        var elements = new RtpHeaderExtensionEnumerator(packet, header);
        while (elements.MoveNext())
        {
            if (elements.Current.Id == fromId)
            {
                WriteId(packet, elements.Current.IdOffset, toId, twoByte);
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Rewrites every element id through <paramref name="idMap"/> (new id = <c>idMap[oldId]</c>), for
    /// forwarding between a publisher and a subscriber that negotiated different ids. Ids beyond the
    /// map or mapped to 0 are left as they are. Returns false, leaving the packet unchanged, when a
    /// mapped id is not valid for the packet's form or the block's profile is not RFC 8285. A packet
    /// without an extension returns true.
    /// </summary>
    public static bool TryRemap(Span<byte> packet, in RtpHeader header, ReadOnlySpan<byte> idMap)
    {
        if (!header.HasExtension)
        {
            return true;
        }

        bool twoByte = RtpExtensionProfile.IsTwoByte(header.ExtensionProfile);
        if (!twoByte && !RtpExtensionProfile.IsOneByte(header.ExtensionProfile))
        {
            return false;
        }

        // First pass validates every mapping so that a failure leaves the packet untouched.
        var elements = new RtpHeaderExtensionEnumerator(packet, header);
        while (elements.MoveNext())
        {
            int mapped = Lookup(idMap, elements.Current.Id);
            if (mapped != 0 && !IsValidId(mapped, twoByte))
            {
                return false;
            }
        }

        // Second pass writes. Changing ids never changes lengths, so offsets stay valid.
        elements = new RtpHeaderExtensionEnumerator(packet, header);
        while (elements.MoveNext())
        {
            int mapped = Lookup(idMap, elements.Current.Id);
            if (mapped != 0)
            {
                WriteId(packet, elements.Current.IdOffset, mapped, twoByte);
            }
        }

        return true;
    }

    private static int Lookup(ReadOnlySpan<byte> idMap, int id) => id < idMap.Length ? idMap[id] : 0;

    private static bool IsValidId(int id, bool twoByte) =>
        id >= 1 && id <= (twoByte ? 255 : RtpExtensionProfile.OneByteMaxId);

    private static void WriteId(Span<byte> packet, int idOffset, int id, bool twoByte) =>
        packet[idOffset] = twoByte ? (byte)id : (byte)((id << 4) | (packet[idOffset] & 0x0F));
}
