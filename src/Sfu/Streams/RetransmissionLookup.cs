namespace Sfu.Streams;

/// <summary>Result of looking up a packet to retransmit.</summary>
public enum RetransmissionLookup
{
    /// <summary>The packet is held and may be sent again now.</summary>
    Found,

    /// <summary>The packet was never stored or its slot holds a newer packet.</summary>
    NotFound,

    /// <summary>The packet is held but older than the age limit: resending it would not help the receiver.</summary>
    Expired,

    /// <summary>The packet was already resent less than the minimum resend interval ago.</summary>
    ResentTooRecently,
}
