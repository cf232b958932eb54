namespace Sfu.Crypto.Srtp;

/// <summary>Per-SSRC cryptographic state of one direction and one protocol (SRTP or SRTCP).</summary>
internal sealed class SsrcState
{
    /// <summary>Highest index and (inbound) the replay bitmap. Outbound SRTP uses only the highest index.</summary>
    public SrtpReplayWindow Window;

    /// <summary>Outbound SRTCP: the index the next packet gets (RFC 3711 section 3.4, starts at 0).</summary>
    public uint NextSrtcpIndex;
}
