using Sfu.Crypto.Srtp;
using Sfu.Dtls;

namespace Sfu.Client;

/// <summary>Settings of one synthetic participant (<see cref="ClientPeer"/>).</summary>
public sealed class ClientPeerOptions
{
    /// <summary>Also the msid stream id of every published track, so receivers can tell whose packets they got.</summary>
    public required string ParticipantId { get; init; }

    public bool PublishAudio { get; init; } = true;

    public bool PublishVideo { get; init; } = true;

    /// <summary>
    /// Also publish a second video track, as a browser sharing its screen beside the camera: its own m= line, SSRC and
    /// track id ({participant}-screen), paced like the camera. Off by default.
    /// </summary>
    public bool PublishScreen { get; init; }

    /// <summary>
    /// Publish the camera as RID simulcast the way Chrome does (a=rid q/h/f send, a=simulcast:send q;h;f, the
    /// RtpStreamId and RepairedRtpStreamId extensions): three layers on three SSRCs at distinct rates (see
    /// <see cref="SimulcastLayer.DefaultSlotDivisors"/>). No RTX for the layers. Off by default.
    /// </summary>
    public bool PublishSimulcast { get; init; }

    /// <summary>Address the client's UDP socket binds to; loopback only in tests and the load generator.</summary>
    public string BindAddress { get; init; } = "127.0.0.1";

    /// <summary>use_srtp profiles offered in the DTLS ClientHello, in preference order (one entry forces that profile).</summary>
    public IReadOnlyList<SrtpProfile> SrtpProfiles { get; init; } = DtlsHandshakeOptions.DefaultSrtpProfiles;

    public TimeSpan DtlsTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Binding requests are resent this often until one succeeds (loopback needs no RFC 5389 back-off).</summary>
    public TimeSpan IceRetransmitInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>RFC 7675 section 5.1: consent checks every ~5 s once connected.</summary>
    public TimeSpan ConsentInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// After our DTLS handshake completes, how long <see cref="ClientPeer.ConnectAsync"/> waits at most for proof that the
    /// server switched its side on (its first authenticated SRTP/SRTCP packet). The server finishes its handshake
    /// before we do but enables SRTP from its packet loop a moment later; media sent in between would be dropped.
    /// </summary>
    public TimeSpan ServerSettleTime { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Receiver side of RFC 4585 section 6.2.1, as a browser does it: Generic NACKs for the gaps in every received video
    /// stream whose m= line negotiated "nack". Off by default, so that counting tests see exactly what the SFU forwarded.
    /// </summary>
    public bool SendNacks { get; init; }

    /// <summary>
    /// Answer the server's transport-wide sequence numbers with transport-cc feedback every 50 ms, as a browser does, so
    /// the server's send-side estimator follows what this client receives. Off by default: counting tests see only
    /// what they send.
    /// </summary>
    public bool SendTransportCcFeedback { get; init; }

    /// <summary>How often gaps are collected into NACKs; a missing packet is NACKed again at most this often.</summary>
    public TimeSpan NackInterval { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Sender side: keep the recent video packets and answer NACKs for them with RTX retransmissions (RFC 4588) when the
    /// answer negotiated RTX, as a browser does. Off by default.
    /// </summary>
    public bool RetransmitOnNack { get; init; }

    /// <summary>
    /// SSRCs the client's SRTP session holds state for at once, per direction (see <see cref="ClientTransportOptions.MaxSrtpSsrcs"/>).
    /// </summary>
    public int MaxSrtpSsrcs { get; init; } = ClientTransportOptions.DefaultMaxSrtpSsrcs;

    /// <summary>Kernel socket buffers; large so a stalled receive thread does not lose packets.</summary>
    public int SocketBufferBytes { get; init; } = 4 * 1024 * 1024;

    public SyntheticMediaOptions Media { get; init; } = new();

    /// <summary>Clock for pacing, ICE timers and RTP timestamps.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>Shape of the synthetic audio and video the client sends.</summary>
public sealed class SyntheticMediaOptions
{
    /// <summary>50 = one 20 ms Opus frame per packet.</summary>
    public int AudioPacketsPerSecond { get; init; } = 50;

    /// <summary>RTP payload size of audio packets (at least <see cref="SyntheticPayload.MinLength"/>).</summary>
    public int AudioPayloadBytes { get; init; } = 100;

    /// <summary>RFC 6464 level in -dBov written into the audio-level extension (0 loudest, 127 silence).</summary>
    public byte AudioLevelDbov { get; init; } = 40;

    public int VideoPacketsPerSecond { get; init; } = 100;

    /// <summary>RTP payload size of video packets, VP8 descriptor included.</summary>
    public int VideoPayloadBytes { get; init; } = 1000;

    /// <summary>Packets per video frame: the frame rate is <see cref="VideoPacketsPerSecond"/> / this.</summary>
    public int VideoPacketsPerFrame { get; init; } = 1;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(AudioPacketsPerSecond, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(VideoPacketsPerSecond, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(AudioPayloadBytes, SyntheticPayload.MinLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(VideoPayloadBytes, Vp8PayloadHeader.MaxLength + SyntheticPayload.MinLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(AudioPayloadBytes, 1200);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(VideoPayloadBytes, 1200);
        ArgumentOutOfRangeException.ThrowIfLessThan(VideoPacketsPerFrame, 1);
    }
}
