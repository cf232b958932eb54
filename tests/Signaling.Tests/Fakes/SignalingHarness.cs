using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Signaling.Auth;
using Signaling.Rooms;
using Signaling.Sessions;

namespace Signaling.Tests.Fakes;

/// <summary>Signaling services wired to a fake clock and engine, and sessions on recording sinks: no sockets.</summary>
public sealed class SignalingHarness
{
    public static readonly byte[] Key = Encoding.UTF8.GetBytes("test-key-0123456789abcdef");

    public SignalingHarness(Action<SignalingOptions>? configure = null)
    {
        configure?.Invoke(Options);
        Tokens = new JoinTokens(Key, Time);
        Rooms = new RoomRegistry(Engine, Microsoft.Extensions.Options.Options.Create(Options), Time, NullLogger<RoomRegistry>.Instance);
        Services = new SignalingServices(Rooms, Tokens, Microsoft.Extensions.Options.Options.Create(Options), Time, NullLogger<SignalingSession>.Instance);
    }

    public SignalingOptions Options { get; } = new();

    public FakeTimeProvider Time { get; } = new();

    public FakeEngine Engine { get; } = new();

    public JoinTokens Tokens { get; }

    public RoomRegistry Rooms { get; }

    public SignalingServices Services { get; }

    public Client Connect() => new(this);

    public string Token(string room = "room-1", string name = "Alice", string? participantId = null) =>
        Tokens.Issue(room, name, participantId, TimeSpan.FromHours(1));

    /// <summary>Connects and joins; returns the client with its participant id.</summary>
    public Client Join(string room = "room-1", string name = "Alice", string? participantId = null)
    {
        Client client = Connect();
        client.Send(new { type = "join", token = Token(room, name, participantId) });
        client.ParticipantId = client.Sink.Single("joined").GetProperty("participantId").GetString()!;
        client.ResumeToken = client.Sink.Single("joined").GetProperty("resumeToken").GetString()!;
        return client;
    }

    public sealed class Client
    {
        private static int s_next;

        internal Client(SignalingHarness harness)
        {
            Sink = new RecordingSink();
            Session = new SignalingSession(Sink, harness.Services, "c" + Interlocked.Increment(ref s_next));
        }

        public RecordingSink Sink { get; }

        public SignalingSession Session { get; }

        public string ParticipantId { get; set; } = "";

        public string ResumeToken { get; set; } = "";

        public void Send(object message) => Handle(JsonSerializer.SerializeToUtf8Bytes(message));

        public void SendRaw(string text) => Handle(Encoding.UTF8.GetBytes(text));

        /// <summary>
        /// The fake engine answers at once, so every handler finishes before this returns; a handler still waiting would
        /// mean a test depends on timing, which it must not.
        /// </summary>
        private void Handle(byte[] message)
        {
            ValueTask handled = Session.HandleMessageAsync(message);
            Assert.True(handled.IsCompleted, "the handler is still waiting for something the fake engine should have answered");
            handled.GetAwaiter().GetResult();
        }

        /// <summary>The socket dropped (no leave).</summary>
        public void Drop() => Session.OnDisconnected();
    }
}
