namespace Sfu.Negotiation;

/// <summary>What an m= line carries (RFC 8866 section 5.14); the SFU forwards audio and video.</summary>
public enum MediaKind
{
    Audio,
    Video,
}
