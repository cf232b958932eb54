using Sfu.Crypto.Srtp;
using Sfu.Dtls;

namespace Sfu.Client;

/// <summary>Settings of one <see cref="ClientTransport"/>.</summary>
public sealed class ClientTransportOptions
{
    /// <summary>use_srtp profiles offered in the DTLS ClientHello, in preference order (one entry forces that profile).</summary>
    public IReadOnlyList<SrtpProfile> SrtpProfiles { get; init; } = DtlsHandshakeOptions.DefaultSrtpProfiles;

    public TimeSpan DtlsTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Binding requests are resent this often until one succeeds.</summary>
    public TimeSpan IceRetransmitInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>RFC 7675 section 5.1: consent checks this often once connected.</summary>
    public TimeSpan ConsentInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Units of the times passed to <see cref="ClientTransport.Poll"/> and <see cref="ClientTransport.Receive"/>:
    /// <see cref="TimeProvider.TimestampFrequency"/> for <see cref="TimeProvider.GetTimestamp"/>, or
    /// <see cref="TimeSpan.TicksPerSecond"/> for a clock in <see cref="TimeSpan"/> ticks.
    /// </summary>
    public long TicksPerSecond { get; init; } = TimeSpan.TicksPerSecond;

    /// <summary>
    /// SRTP/SRTCP datagrams kept while our DTLS handshake is still finishing (the server keys first and may send at
    /// once) and decrypted as soon as the keys exist. 0, the default, drops them as libwebrtc does; either way they
    /// are counted in <see cref="ClientTransport.PacketsBeforeKeys"/>.
    /// </summary>
    public int MaxHeldBeforeKeys { get; init; }

    /// <summary>Default of <see cref="MaxSrtpSsrcs"/>: a full meeting's remote tracks (25 x 3) with headroom.</summary>
    public const int DefaultMaxSrtpSsrcs = 128;

    /// <summary>
    /// SSRCs the SRTP session holds state for at once, per direction. A subscriber sees a fresh SSRC per remote track,
    /// and the state of a track the server stopped sending is freed, so this bounds simultaneous tracks only.
    /// </summary>
    public int MaxSrtpSsrcs { get; init; } = DefaultMaxSrtpSsrcs;
}
