namespace Signaling;

/// <summary>Settings of the signaling layer, bound from the <c>Signaling</c> configuration section.</summary>
public sealed class SignalingOptions
{
    public const string SectionName = "Signaling";

    public const int MinOperatorKeyLength = 16;

    /// <summary>HMAC key of join tokens (UTF-8, at least 16 bytes). Empty: a random key per process start.</summary>
    public string? TokenKey { get; set; }

    /// <summary>
    /// Bearer key of the operator endpoints (<c>GET /api/rooms</c>, kick, end meeting), at least
    /// <see cref="MinOperatorKeyLength"/> characters. Empty: the operator API is disabled (its endpoints answer 404).
    /// </summary>
    public string? OperatorKey { get; set; }

    /// <summary>How long a meeting token from <c>POST /api/meetings/{code}/join</c> is valid.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a participant whose WebSocket dropped keeps its place (and media session) for a resume.</summary>
    public TimeSpan ReconnectGrace { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>WebSocket ping interval of the server (protocol-level ping frames).</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A socket that sent no message for this long is closed (clients ping every 10 s).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest accepted client message in bytes; larger ones get <c>too_large</c>.</summary>
    public int MaxMessageBytes { get; set; } = 64 * 1024;

    /// <summary>Messages queued for a client before it counts as too slow and is dropped.</summary>
    public int OutboundQueueCapacity { get; set; } = 512;

    public int MaxParticipantsPerRoom { get; set; } = 25;

    // Server-wide caps (see docs/signaling.md, "Limits"): what one server can carry, whatever the rooms look like.

    /// <summary>Open signaling WebSockets per server; a handshake beyond it gets HTTP 503 <c>too_many_connections</c>.</summary>
    public int MaxConnections { get; set; } = 2000;

    /// <summary>Rooms per server; a join that would open another gets <c>too_many_rooms</c>.</summary>
    public int MaxRooms { get; set; } = 500;

    /// <summary>Participants per server (all rooms, joins in progress included); beyond it a join gets <c>server_full</c>.</summary>
    public int MaxParticipants { get; set; } = 1000;

    /// <summary>
    /// A participant whose media (ICE and DTLS) has not connected this long after joining no longer holds its seat
    /// against a join that would otherwise be refused as full: it is removed with <c>mediaTimeout</c>.
    /// </summary>
    public TimeSpan MediaConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    // Per-IP rate limits (fixed windows, by the remote address of the TCP connection). Permits 0: no limit.

    /// <summary><c>POST /api/meetings/{code}/join</c> requests per address per <see cref="JoinTokenWindow"/>.</summary>
    public int JoinTokenPermits { get; set; } = 60;

    public TimeSpan JoinTokenWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary><c>/ws</c> handshakes per address per <see cref="HandshakeWindow"/>.</summary>
    public int HandshakePermits { get; set; } = 60;

    public TimeSpan HandshakeWindow { get; set; } = TimeSpan.FromMinutes(1);

    public int MaxTracksPerParticipant { get; set; } = 8;

    public int MaxChatLength { get; set; } = 2000;

    /// <summary>Chat burst size and sustained rate per participant.</summary>
    public int ChatBurst { get; set; } = 5;

    public double ChatPerSecond { get; set; } = 1;

    /// <summary>All client messages: burst size and sustained rate per connection.</summary>
    public int MessageBurst { get; set; } = 100;

    public double MessagesPerSecond { get; set; } = 30;

    /// <summary>
    /// Origins besides the server's own whose pages may open <c>/ws</c> (e.g. <c>https://app.example.com</c>; <c>*</c> allows any).
    /// </summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>ICE servers handed to browsers in <c>joined</c> (the SFU is ICE-lite, so usually none are needed).</summary>
    public List<IceServerOptions> IceServers { get; set; } = [];
}

public sealed class IceServerOptions
{
    public List<string> Urls { get; set; } = [];

    public string? Username { get; set; }

    public string? Credential { get; set; }
}
