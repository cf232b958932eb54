using System.Text.Json;
using Sfu.Routing;
using Signaling.Tests.Fakes;

namespace Signaling.Tests.Handlers;

/// <summary>videoPreferences to the engine, and the engine's layers and videoPaused events to the right page.</summary>
public class VideoPreferencesHandlerTests
{
    private readonly SignalingHarness _h = new();

    [Fact]
    public void Preferences_of_known_tracks_reach_the_engine_and_unknown_ones_are_ignored()
    {
        var alice = _h.Join(name: "Alice");
        var bob = _h.Join(name: "Bob");
        bob.Send(new { type = "publish", trackId = "cam-1", streamId = "bob-stream", kind = "video", source = "camera", muted = false });

        alice.Send(new
        {
            type = "videoPreferences",
            tracks = new object[]
            {
                new { participantId = bob.ParticipantId, trackId = "cam-1", width = 320, height = 180, visible = true, pinned = true },
                new { participantId = bob.ParticipantId, trackId = "no-such-track", width = 320, height = 180 },
                new { participantId = "nobody", trackId = "cam-1", width = 320, height = 180 },
                new { participantId = alice.ParticipantId, trackId = "cam-1", width = 320, height = 180 },
            },
        });

        IReadOnlyList<VideoPreference> sent = Assert.Single(_h.Engine.Peer(alice.ParticipantId).Preferences);
        Assert.Equal([new VideoPreference("cam-1", 320, 180, Visible: true, Pinned: true)], sent);
        Assert.Empty(alice.Sink.OfType("error"));

        alice.Send(new { type = "videoPreferences", tracks = new[] { new { participantId = bob.ParticipantId, trackId = "cam-1", width = 0, height = 0 } } });
        Assert.Equal([new VideoPreference("cam-1", 0, 0, Visible: true, Pinned: false)], _h.Engine.Peer(alice.ParticipantId).Preferences[^1]);
    }

    [Fact]
    public void A_bad_entry_is_a_bad_request_and_the_connection_stays_usable()
    {
        var alice = _h.Join(name: "Alice");
        alice.Send(new { type = "videoPreferences", id = "v1", tracks = new[] { new { participantId = "p", trackId = "t", width = -5, height = 1 } } });

        JsonElement error = alice.Sink.Single("error");
        Assert.Equal(("bad_request", "tracks[0].width", "v1"), (error.GetProperty("code").GetString(), error.GetProperty("field").GetString(), error.GetProperty("id").GetString()));
        Assert.Empty(_h.Engine.Peer(alice.ParticipantId).Preferences);
        alice.Send(new { type = "ping" });
        Assert.Single(alice.Sink.OfType("pong"));
    }

    [Fact]
    public void Before_join_it_is_not_joined()
    {
        var client = _h.Connect();
        client.Send(new { type = "videoPreferences", tracks = Array.Empty<object>() });
        Assert.Equal("not_joined", client.Sink.Single("error").GetProperty("code").GetString());
    }

    [Fact]
    public void Engine_events_become_layers_and_video_paused_messages_for_that_participant_only()
    {
        var alice = _h.Join(name: "Alice");
        var bob = _h.Join(name: "Bob");
        alice.Sink.Clear();
        bob.Sink.Clear();

        _h.Engine.Peer(bob.ParticipantId).Observer.OnPublishedLayersChanged("cam-1", ["q", "h"]);
        JsonElement layers = bob.Sink.Single("layers");
        Assert.Equal("cam-1", layers.GetProperty("trackId").GetString());
        Assert.Equal(["q", "h"], layers.GetProperty("active").EnumerateArray().Select(e => e.GetString()));

        _h.Engine.Peer(alice.ParticipantId).Observer.OnVideoPaused(bob.ParticipantId, "cam-1", true, "bandwidth");
        JsonElement paused = alice.Sink.Single("videoPaused");
        Assert.Equal((bob.ParticipantId, "cam-1", true, "bandwidth"), (
            paused.GetProperty("participantId").GetString(), paused.GetProperty("trackId").GetString(),
            paused.GetProperty("paused").GetBoolean(), paused.GetProperty("reason").GetString()));
        Assert.Empty(alice.Sink.OfType("layers"));
        Assert.Empty(bob.Sink.OfType("videoPaused"));
    }
}
