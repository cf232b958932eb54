using Signaling.Tests.Fakes;

namespace Signaling.Tests.Limits;

/// <summary>Joins as the limit tests need them: ones that may be refused, and participants that are really there.</summary>
internal static class Joins
{
    /// <summary>The engine reports the participant's ICE and DTLS complete: it is really there.</summary>
    public static SignalingHarness.Client Present(this SignalingHarness h, SignalingHarness.Client client)
    {
        h.Engine.Peer(client.ParticipantId).Observer.OnMediaConnected();
        return client;
    }

    /// <summary>A join on a new connection that may be refused; the client knows its participant id when it got in.</summary>
    public static SignalingHarness.Client TryJoin(this SignalingHarness h, string room, string name)
    {
        SignalingHarness.Client client = h.Connect();
        client.Send(new { type = "join", id = "j", token = h.Token(room, name) });
        if (client.Sink.OfType("joined") is [var joined])
        {
            client.ParticipantId = joined.GetProperty("participantId").GetString()!;
        }

        return client;
    }

    /// <summary>The code of the client's last error, if any.</summary>
    public static string? LastErrorCode(this SignalingHarness.Client client) =>
        client.Sink.OfType("error") is [.., var error] ? error.GetProperty("code").GetString() : null;
}
