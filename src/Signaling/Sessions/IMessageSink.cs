using System.Net.WebSockets;

namespace Signaling.Sessions;

/// <summary>
/// The outbound side of one client connection. Both members only queue and never block, so they may be called
/// under a room lock and from engine threads; the connection's send loop does the I/O.
/// </summary>
public interface IMessageSink
{
    /// <summary>Queues one serialized message. False when the connection is closing or its queue is full (the connection then drops itself).</summary>
    bool TrySend(byte[] utf8Json);

    /// <summary>Queues a close frame after the messages already queued.</summary>
    void Close(WebSocketCloseStatus status, string description);
}
