using System.Text.Json;

namespace Signaling.Protocol;

/// <summary>Serializes server messages once, so a broadcast hands the same bytes to every connection.</summary>
public static class ServerMessageEncoder
{
    public static byte[] Encode(ServerMessage message) =>
        JsonSerializer.SerializeToUtf8Bytes(message, SignalingJsonContext.Default.GetTypeInfo(message.GetType())!);
}
