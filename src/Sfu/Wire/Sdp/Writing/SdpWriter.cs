using System.Globalization;
using System.Text;

namespace Sfu.Wire.Sdp.Writing;

/// <summary>
/// Writes a <see cref="SessionDescription"/> in RFC 8866 section 5 order (v o s i u e p c b t r z k a, then each m=)
/// with CRLF line ends. Modelled attributes come in a fixed order, unmodelled ones after them in their original order.
/// </summary>
internal static class SdpWriter
{
    public static string Write(SessionDescription sdp)
    {
        var text = new StringBuilder(2048);
        Line(text, 'v', sdp.Version.ToString(CultureInfo.InvariantCulture));
        Line(text, 'o', sdp.Origin.ToString());
        Line(text, 's', sdp.SessionName);
        OptionalLine(text, 'i', sdp.Information);
        OptionalLine(text, 'u', sdp.Uri);
        foreach (var email in sdp.Emails)
        {
            Line(text, 'e', email);
        }

        foreach (var phone in sdp.Phones)
        {
            Line(text, 'p', phone);
        }

        if (sdp.Connection is not null)
        {
            Line(text, 'c', sdp.Connection.ToString());
        }

        foreach (var bandwidth in sdp.Bandwidths)
        {
            Line(text, 'b', bandwidth.ToString());
        }

        WriteTimings(text, sdp);
        OptionalLine(text, 'z', sdp.TimeZones);
        OptionalLine(text, 'k', sdp.EncryptionKey);
        WriteSessionAttributes(text, sdp);
        foreach (var media in sdp.Media)
        {
            SdpMediaWriter.Write(text, media);
        }

        return text.ToString();
    }

    private static void WriteTimings(StringBuilder text, SessionDescription sdp)
    {
        if (sdp.Timings.Count == 0)
        {
            Line(text, 't', "0 0");
            return;
        }

        foreach (var timing in sdp.Timings)
        {
            Line(text, 't', string.Create(CultureInfo.InvariantCulture, $"{timing.Start} {timing.Stop}"));
            foreach (var repeat in timing.RepeatTimes)
            {
                Line(text, 'r', repeat);
            }
        }
    }

    private static void WriteSessionAttributes(StringBuilder text, SessionDescription sdp)
    {
        foreach (var group in sdp.Groups)
        {
            Attribute(text, "group", group.ToString());
        }

        if (sdp.IceLite)
        {
            Attribute(text, "ice-lite", null);
        }

        if (sdp.IceOptions.Count > 0)
        {
            Attribute(text, "ice-options", string.Join(' ', sdp.IceOptions));
        }

        Attribute(text, "ice-ufrag", sdp.IceUfrag, skipNull: true);
        Attribute(text, "ice-pwd", sdp.IcePwd, skipNull: true);
        foreach (var fingerprint in sdp.Fingerprints)
        {
            Attribute(text, "fingerprint", fingerprint.ToString());
        }

        if (sdp.Setup is { } setup)
        {
            Attribute(text, "setup", setup.ToSdp());
        }

        if (sdp.MsidSemantic is not null)
        {
            Attribute(text, "msid-semantic", sdp.MsidSemantic.ToString());
        }

        if (sdp.Direction is { } direction)
        {
            Attribute(text, direction.ToSdp(), null);
        }

        foreach (var attribute in sdp.OtherAttributes)
        {
            Attribute(text, attribute.Name, attribute.Value);
        }
    }

    internal static void Line(StringBuilder text, char type, string value)
        => text.Append(type).Append('=').Append(value).Append("\r\n");

    internal static void OptionalLine(StringBuilder text, char type, string? value)
    {
        if (value is not null)
        {
            Line(text, type, value);
        }
    }

    internal static void Attribute(StringBuilder text, string name, string? value, bool skipNull = false)
    {
        if (value is null)
        {
            if (!skipNull)
            {
                text.Append("a=").Append(name).Append("\r\n");
            }

            return;
        }

        text.Append("a=").Append(name).Append(':').Append(value).Append("\r\n");
    }
}
