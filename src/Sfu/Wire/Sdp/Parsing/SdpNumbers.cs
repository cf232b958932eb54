using System.Globalization;

namespace Sfu.Wire.Sdp.Parsing;

/// <summary>Digit-only number parsing (no sign, no spaces, invariant culture) shared by the SDP readers.</summary>
internal static class SdpNumbers
{
    public static bool TryInt(ReadOnlySpan<char> text, int min, int max, out int value)
    {
        if (text.Length is 0 or > 10 || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            value = 0;
            return false;
        }

        return value >= min && value <= max;
    }

    public static bool TryUInt(ReadOnlySpan<char> text, out uint value)
    {
        if (text.Length is 0 or > 10 || !uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            value = 0;
            return false;
        }

        return true;
    }

    public static bool TryULong(ReadOnlySpan<char> text, out ulong value)
    {
        if (text.Length is 0 or > 20 || !ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            value = 0;
            return false;
        }

        return true;
    }

    public static bool TryPort(ReadOnlySpan<char> text, out int port) => TryInt(text, 0, 65535, out port);

    /// <summary>RTP payload types are 7 bits (RFC 3550 section 5.1).</summary>
    public static bool TryPayloadType(ReadOnlySpan<char> text, out int payloadType) => TryInt(text, 0, 127, out payloadType);
}
