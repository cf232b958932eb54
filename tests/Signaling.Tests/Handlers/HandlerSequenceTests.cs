using System.Net.WebSockets;
using System.Reflection;
using System.Text.Json;
using Sfu.Engine;
using Sfu.Negotiation;
using Sfu.Routing;
using Signaling.Protocol;
using Signaling.Tests.Fakes;

namespace Signaling.Tests.Handlers;

public class HandlerSequenceTests
{
    private const string Offer = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=browser\r\n";
    private readonly SignalingHarness _h = new();

    [Fact]
    public void JoinPublishNegotiateChatMuteLeave()
    {
        var alice = _h.Join(name: "Alice");
        var bob = _h.Join(name: "Bob");
        alice.Sink.Clear();

        bob.Send(new { type = "publish", trackId = "cam-1", streamId = "bob-stream", kind = "video", source = "camera", muted = false });
        bob.Send(new { type = "publish", trackId = "mic-1", streamId = "bob-stream", kind = "audio", source = "microphone", muted = false });

        // Each new track's announcement tells the engine an offer is coming, so its own offers to Bob do not cross it.
        Assert.Equal(2, _h.Engine.CallsSnapshot().Count(call => call == $"ExpectBrowserOffer {bob.ParticipantId}"));
        bob.Send(new { type = "offer", id = "o1", sdp = Offer });

        Assert.Equal(["trackPublished", "trackPublished"], alice.Sink.Types());
        JsonElement camera = alice.Sink.Messages[0];
        Assert.Equal(bob.ParticipantId, camera.GetProperty("participantId").GetString());
        Assert.Equal(("cam-1", "bob-stream", "video", "camera", false), (
            camera.GetProperty("trackId").GetString(), camera.GetProperty("streamId").GetString(), camera.GetProperty("kind").GetString(),
            camera.GetProperty("source").GetString(), camera.GetProperty("muted").GetBoolean()));
        Assert.Equal([Offer], _h.Engine.Peer(bob.ParticipantId).Offers);

        // The same track published again (as after a resume) brings no offer, so it holds nothing back.
        bob.Send(new { type = "publish", trackId = "cam-1", streamId = "bob-stream", kind = "video", source = "camera", muted = false });
        Assert.Equal(2, _h.Engine.CallsSnapshot().Count(call => call == $"ExpectBrowserOffer {bob.ParticipantId}"));
        alice.Sink.Clear();
        JsonElement answer = bob.Sink.Single("answer");
        Assert.Equal("o1", answer.GetProperty("id").GetString());
        Assert.StartsWith("v=0", answer.GetProperty("sdp").GetString(), StringComparison.Ordinal);

        // The engine renegotiates Alice to add Bob's tracks; she answers.
        _h.Engine.Peer(alice.ParticipantId).Observer.OnServerOffer("v=0\r\ns=server\r\n");
        Assert.Equal("v=0\r\ns=server\r\n", alice.Sink.Single("offer").GetProperty("sdp").GetString());
        alice.Send(new { type = "answer", sdp = "v=0\r\ns=alice-answer\r\n" });
        Assert.Equal(["v=0\r\ns=alice-answer\r\n"], _h.Engine.Peer(alice.ParticipantId).Answers);

        _h.Time.Advance(TimeSpan.FromSeconds(3));
        bob.Send(new { type = "chat", text = "  hello everyone  " });
        foreach (var client in new[] { alice, bob })
        {
            JsonElement chat = client.Sink.Single("chat");
            Assert.Equal("c1", chat.GetProperty("id").GetString());
            Assert.Equal(bob.ParticipantId, chat.GetProperty("participantId").GetString());
            Assert.Equal("Bob", chat.GetProperty("name").GetString());
            Assert.Equal("hello everyone", chat.GetProperty("text").GetString());
            Assert.Equal(_h.Time.GetUtcNow(), chat.GetProperty("sentAt").GetDateTimeOffset());
        }

        bob.Send(new { type = "mute", trackId = "mic-1", muted = true });
        Assert.Equal([("mic-1", true)], _h.Engine.Peer(bob.ParticipantId).Mutes);
        JsonElement muted = alice.Sink.Single("trackMuted");
        Assert.Equal((bob.ParticipantId, "mic-1", true), (muted.GetProperty("participantId").GetString(), muted.GetProperty("trackId").GetString(), muted.GetProperty("muted").GetBoolean()));
        Assert.Empty(bob.Sink.OfType("trackMuted"));

        bob.Send(new { type = "unpublish", trackId = "cam-1" });
        Assert.Equal("cam-1", alice.Sink.Single("trackUnpublished").GetProperty("trackId").GetString());

        bob.Send(new { type = "leave" });
        Assert.Equal("left", alice.Sink.Single("participantLeft").GetProperty("reason").GetString());
        Assert.True(_h.Engine.Peer(bob.ParticipantId).Disposed);
        Assert.Empty(bob.Sink.OfType("error"));
        Assert.Empty(alice.Sink.OfType("error"));
    }

    [Fact]
    public void LateJoinerSeesPublishedTracksWithMuteState()
    {
        var alice = _h.Join();
        alice.Send(new { type = "publish", trackId = "mic", streamId = "s", kind = "audio", source = "microphone", muted = true });

        var bob = _h.Join(name: "Bob");

        JsonElement track = Assert.Single(Assert.Single(bob.Sink.Single("joined").GetProperty("participants").EnumerateArray()).GetProperty("tracks").EnumerateArray());
        Assert.Equal("mic", track.GetProperty("trackId").GetString());
        Assert.True(track.GetProperty("muted").GetBoolean());
        Assert.Equal([("mic", true)], _h.Engine.Peer(alice.ParticipantId).Mutes);
    }

    [Theory]
    [InlineData("offer")]
    [InlineData("answer")]
    [InlineData("candidate")]
    [InlineData("publish")]
    [InlineData("unpublish")]
    [InlineData("mute")]
    [InlineData("chat")]
    [InlineData("leave")]
    public void EverythingButJoinAndPingNeedsAJoin(string type)
    {
        var client = _h.Connect();
        object message = type switch
        {
            "offer" or "answer" => new { type, id = "x", sdp = Offer },
            "candidate" => new { type, id = "x", candidate = new { candidate = "", sdpMid = "0" } },
            "publish" => new { type, id = "x", trackId = "t", streamId = "s", kind = "audio", source = "microphone" },
            "unpublish" => new { type, id = "x", trackId = "t" },
            "mute" => new { type, id = "x", trackId = "t", muted = true },
            "chat" => new { type, id = "x", text = "hi" },
            _ => (object)new { type, id = "x" },
        };
        client.Send(message);

        JsonElement error = client.Sink.Single("error");
        Assert.Equal(ErrorCodes.NotJoined, error.GetProperty("code").GetString());
        Assert.Equal("x", error.GetProperty("id").GetString());

        client.Send(new { type = "ping", id = "p1" });
        Assert.Equal("p1", client.Sink.Single("pong").GetProperty("id").GetString());
        Assert.Empty(_h.Engine.CallsSnapshot());
    }

    [Fact]
    public void SecondJoinOnAConnectionIsRefused()
    {
        var alice = _h.Join();
        alice.Send(new { type = "join", id = "again", token = _h.Token() });

        JsonElement error = alice.Sink.Single("error");
        Assert.Equal(ErrorCodes.AlreadyJoined, error.GetProperty("code").GetString());
        Assert.Equal("again", error.GetProperty("id").GetString());
        Assert.Single(_h.Engine.Peers);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("expired")]
    [InlineData("forged")]
    public void BadTokensAreUnauthorizedAndClosed(string kind)
    {
        string token = _h.Token();
        if (kind == "expired")
        {
            _h.Time.Advance(TimeSpan.FromHours(2));
        }

        string sent = kind switch
        {
            "garbage" => "garbage",
            "forged" => new Signaling.Auth.JoinTokens("some-other-key-123456"u8, _h.Time).Issue("room-1", "Eve", null, TimeSpan.FromHours(1)),
            _ => token,
        };
        var client = _h.Connect();
        client.Send(new { type = "join", id = "j", token = sent });

        JsonElement error = client.Sink.Single("error");
        Assert.Equal(ErrorCodes.Unauthorized, error.GetProperty("code").GetString());
        Assert.Equal("j", error.GetProperty("id").GetString());
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, client.Sink.ClosedWith);
        Assert.Empty(_h.Engine.CallsSnapshot());
    }

    [Fact]
    public void BrowserOfferDuringAPendingServerOfferIsGlare()
    {
        var alice = _h.Join();
        FakePeerSession peer = _h.Engine.Peer(alice.ParticipantId);
        peer.Observer.OnServerOffer("v=0\r\ns=server\r\n");

        alice.Send(new { type = "offer", id = "o1", sdp = Offer });
        JsonElement error = alice.Sink.Single("error");
        Assert.Equal(ErrorCodes.Glare, error.GetProperty("code").GetString());
        Assert.Equal("o1", error.GetProperty("id").GetString());
        Assert.Empty(peer.Offers);

        // The polite browser answers the server's offer, then offers again.
        alice.Send(new { type = "answer", sdp = "v=0\r\ns=answer\r\n" });
        alice.Send(new { type = "offer", id = "o2", sdp = Offer });
        Assert.Equal("o2", alice.Sink.Single("answer").GetProperty("id").GetString());
        Assert.Single(peer.Offers);
    }

    [Fact]
    public void ServerOfferRaisedWhileAnsweringWaitsForTheAnswer()
    {
        var alice = _h.Join();
        FakePeerSession peer = _h.Engine.Peer(alice.ParticipantId);
        peer.DuringHandleOffer = () => peer.Observer.OnServerOffer("v=0\r\ns=raced\r\n");
        alice.Sink.Clear();

        alice.Send(new { type = "offer", sdp = Offer });

        Assert.Equal(["answer", "offer"], alice.Sink.Types());
        Assert.Equal("v=0\r\ns=raced\r\n", alice.Sink.Last.GetProperty("sdp").GetString());

        // That offer is now pending: another browser offer is glare until it is answered.
        peer.DuringHandleOffer = null;
        alice.Send(new { type = "offer", sdp = Offer });
        Assert.Equal(ErrorCodes.Glare, alice.Sink.Last.GetProperty("code").GetString());
    }

    [Fact]
    public void EngineRefusalsAreNegotiationFailedAndNotFatal()
    {
        var alice = _h.Join();
        FakePeerSession peer = _h.Engine.Peer(alice.ParticipantId);
        peer.Refusal = NegotiationResult.Failed("no supported video codec");

        alice.Send(new { type = "offer", id = "o1", sdp = Offer });
        JsonElement error = alice.Sink.Single("error");
        Assert.Equal(ErrorCodes.NegotiationFailed, error.GetProperty("code").GetString());
        Assert.Equal("no supported video codec", error.GetProperty("message").GetString());

        alice.Sink.Clear();
        alice.Send(new { type = "answer", id = "a1", sdp = "v=0\r\n" });
        Assert.Equal(ErrorCodes.NegotiationFailed, alice.Sink.Single("error").GetProperty("code").GetString()); // nothing pending
        Assert.Empty(peer.Answers);

        peer.Refusal = null;
        alice.Send(new { type = "offer", id = "o2", sdp = Offer });
        Assert.Equal("o2", alice.Sink.Single("answer").GetProperty("id").GetString());
    }

    [Fact]
    public void FailedAnswerSettlesThePendingOffer()
    {
        var alice = _h.Join();
        FakePeerSession peer = _h.Engine.Peer(alice.ParticipantId);
        peer.Observer.OnServerOffer("v=0\r\ns=server\r\n");
        peer.Refusal = NegotiationResult.Failed("answer rejects the audio section");

        alice.Send(new { type = "answer", sdp = "v=0\r\n" });
        Assert.Equal("answer rejects the audio section", alice.Sink.Single("error").GetProperty("message").GetString());

        peer.Refusal = null;
        alice.Send(new { type = "offer", sdp = Offer });
        Assert.Single(alice.Sink.OfType("answer"));
    }

    [Fact]
    public void CandidatesAreAcceptedSilently()
    {
        var alice = _h.Join();
        alice.Sink.Clear();

        alice.Send(new { type = "candidate", candidate = new { candidate = "candidate:1 1 udp 2122260223 192.0.2.1 54400 typ host", sdpMid = "0", sdpMLineIndex = 0 } });
        alice.Send(new { type = "candidate", candidate = new { candidate = "", sdpMid = "0" } });

        Assert.Empty(alice.Sink.Messages);
    }

    [Fact]
    public void ChatFloodIsRateLimited()
    {
        var alice = _h.Join();
        for (int i = 0; i < 5; i++)
        {
            alice.Send(new { type = "chat", text = "spam " + i });
        }

        alice.Send(new { type = "chat", id = "six", text = "one too many" });
        JsonElement error = alice.Sink.Single("error");
        Assert.Equal(ErrorCodes.RateLimited, error.GetProperty("code").GetString());
        Assert.Equal("six", error.GetProperty("id").GetString());
        Assert.Equal(5, alice.Sink.OfType("chat").Count);

        _h.Time.Advance(TimeSpan.FromSeconds(1));
        alice.Send(new { type = "chat", text = "later" });
        Assert.Equal(6, alice.Sink.OfType("chat").Count);
    }

    [Fact]
    public void MessageFloodIsRateLimited()
    {
        var client = _h.Connect();
        for (int i = 0; i < 100; i++)
        {
            client.Send(new { type = "ping" });
        }

        Assert.Equal(100, client.Sink.OfType("pong").Count);
        client.Send(new { type = "ping" });
        Assert.Equal(ErrorCodes.RateLimited, client.Sink.Last.GetProperty("code").GetString());
        _h.Time.Advance(TimeSpan.FromSeconds(1));
        client.Send(new { type = "ping" });
        Assert.Equal("pong", client.Sink.Last.GetProperty("type").GetString());
    }

    [Fact]
    public void TrackErrorsNameTheField()
    {
        var h = new SignalingHarness(o => o.MaxTracksPerParticipant = 1);
        var alice = h.Join();
        alice.Send(new { type = "publish", trackId = "a", streamId = "s", kind = "audio", source = "microphone" });
        alice.Send(new { type = "publish", trackId = "a", streamId = "s", kind = "audio", source = "microphone", muted = true }); // same id: update
        alice.Send(new { type = "publish", trackId = "b", streamId = "s", kind = "video", source = "camera" });
        alice.Send(new { type = "unpublish", trackId = "nope" });
        alice.Send(new { type = "mute", trackId = "nope", muted = true });
        alice.Send(new { type = "chat", text = new string('x', 2001) });

        IReadOnlyList<JsonElement> errors = alice.Sink.OfType("error");
        Assert.Equal(4, errors.Count);
        Assert.All(errors, e => Assert.Equal(ErrorCodes.BadRequest, e.GetProperty("code").GetString()));
        Assert.Equal(["trackId", "trackId", "trackId", "text"], errors.Select(e => e.GetProperty("field").GetString()));
    }

    [Fact]
    public void UnannouncedEngineTrackGetsGuessedMetadata()
    {
        var alice = _h.Join();
        var bob = _h.Join(name: "Bob");

        _h.Engine.Peer(alice.ParticipantId).Observer.OnRemoteTrack(new RemoteTrackInfo(bob.ParticipantId, "s9", "t9", MediaKind.Audio), added: true);
        _h.Engine.Peer(alice.ParticipantId).Observer.OnRemoteTrack(new RemoteTrackInfo(bob.ParticipantId, "s9", "t9", MediaKind.Audio), added: true);

        JsonElement published = alice.Sink.Single("trackPublished");
        Assert.Equal(("t9", "s9", "audio", "microphone"), (published.GetProperty("trackId").GetString(), published.GetProperty("streamId").GetString(),
            published.GetProperty("kind").GetString(), published.GetProperty("source").GetString()));
    }

    [Fact]
    public void EveryErrorCodeIsReachableFromBadInput()
    {
        var h = new SignalingHarness(o => { o.MaxParticipantsPerRoom = 1; o.MaxRooms = 1; o.ChatBurst = 1; });
        var seen = new HashSet<string>();
        void Collect(SignalingHarness.Client c)
        {
            foreach (JsonElement e in c.Sink.OfType("error"))
            {
                seen.Add(e.GetProperty("code").GetString()!);
            }
        }

        var anon = h.Connect();
        anon.SendRaw("{nope");                                                // bad_json
        anon.SendRaw("""{"type":"teleport"}""");                             // unknown_type
        anon.SendRaw("""{"type":"offer"}""");                                // bad_request
        anon.Send(new { type = "chat", text = "hi" });                       // not_joined
        anon.Session.HandleTooLarge();                                        // too_large
        Collect(anon);

        var alice = h.Join();
        alice.Send(new { type = "join", token = h.Token() });                // already_joined
        alice.Send(new { type = "chat", text = "1" });
        alice.Send(new { type = "chat", text = "2" });                       // rate_limited
        h.Engine.Peer(alice.ParticipantId).Observer.OnServerOffer("v=0\r\n");
        alice.Send(new { type = "offer", sdp = Offer });                     // glare
        alice.Send(new { type = "answer", sdp = "v=0\r\n" });
        alice.Send(new { type = "answer", sdp = "v=0\r\n" });                // negotiation_failed
        Collect(alice);

        var full = h.Connect();
        full.Send(new { type = "join", token = h.Token(name: "Bob") });      // room_full
        full.Send(new { type = "join", token = h.Token("room-2", "Bob") });  // too_many_rooms
        Collect(full);

        var crowded = new SignalingHarness(o => o.MaxParticipants = 1);
        crowded.Join();
        var late = crowded.Connect();
        late.Send(new { type = "join", token = crowded.Token(name: "Bob") }); // server_full
        Collect(late);

        var intruder = h.Connect();
        intruder.Send(new { type = "join", token = "x.y" });                 // unauthorized
        Collect(intruder);

        // too_many_connections is refused before the WebSocket exists (HTTP 503): Hosting/ServerLimitsHostTests covers it.
        // The meetings store's refusals need its database: tests/Api.Tests (MeetingSignalingTests, DatabaseReadinessTests) cover them.
        string[] needStore = [ErrorCodes.MeetingEnded, ErrorCodes.MeetingLocked, ErrorCodes.ParticipantRemoved, ErrorCodes.ChatNotStored];
        string[] all = [.. typeof(ErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).Where(c => c != ErrorCodes.TooManyConnections && !needStore.Contains(c))];
        Assert.Equal(all.Order(), seen.Order());
    }

    [Fact]
    public void OversizedAndBinaryMessagesKeepTheConnection()
    {
        var alice = _h.Join();
        alice.Session.HandleTooLarge();
        alice.Session.HandleBinary();
        alice.Send(new { type = "chat", text = "still here" });

        Assert.Equal([ErrorCodes.TooLarge, ErrorCodes.BadJson], alice.Sink.OfType("error").Select(e => e.GetProperty("code").GetString()));
        Assert.Single(alice.Sink.OfType("chat"));
        Assert.Null(alice.Sink.ClosedWith);
    }
}
