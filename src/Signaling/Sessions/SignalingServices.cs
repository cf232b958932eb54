using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Signaling.Auth;
using Signaling.Handlers;
using Signaling.Rooms;

namespace Signaling.Sessions;

/// <summary>What every connection's session shares: rooms, token checks, settings, clock, handlers.</summary>
public sealed class SignalingServices(
    RoomRegistry rooms,
    JoinTokens tokens,
    IOptions<SignalingOptions> options,
    TimeProvider time,
    ILogger<SignalingSession> logger,
    IMeetingHooks? meetings = null)
{
    /// <summary>The meetings store (admission, attendance, chat history); null when none is registered.</summary>
    public IMeetingHooks? Meetings { get; } = meetings;

    public RoomRegistry Rooms { get; } = rooms;

    public JoinTokens Tokens { get; } = tokens;

    public SignalingOptions Options { get; } = options.Value;

    public TimeProvider Time { get; } = time;

    public ILogger Logger { get; } = logger;

    internal MessageDispatcher Dispatcher { get; } = new();
}
