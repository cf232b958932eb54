using System.Text.Json;
using System.Text.Json.Nodes;

namespace LoadGen.Janus;

/// <summary>
/// The VideoRoom plugin's requests (https://janus.conf.meetecho.com/docs/videoroom.html) on a <see cref="JanusSession"/>:
/// create a room, join it as a publisher and <c>configure</c> with our SDP offer, join as a subscriber to get Janus's
/// offer and <c>start</c> with our answer. Each method checks the plugin's answer (<c>videoroom</c> field) and throws
/// <see cref="JanusException"/> on a refusal or a reply of the wrong shape.
/// </summary>
internal sealed class JanusVideoRoom(JanusSession session)
{
    public JanusSession Session { get; } = session;

    /// <summary>Creates room <paramref name="room"/>; 427 (it exists already) counts as success so rooms can be reused.</summary>
    public async Task CreateRoomAsync(long handle, long room, int maxPublishers, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["request"] = "create", ["room"] = room, ["publishers"] = maxPublishers, ["bitrate"] = 0 };
        try
        {
            (JsonElement data, _) = await Session.MessageAsync(handle, body, null, cancellationToken);
            Expect("create", data, "created");
        }
        catch (JanusException ex) when (ex.Code == RoomExists)
        {
        }
    }

    /// <summary>Joins as a publisher; answers the publisher id Janus gave and the feeds already publishing.</summary>
    public async Task<(long Id, IReadOnlyList<long> Publishers)> JoinAsPublisherAsync(long handle, long room, string display, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["request"] = "join", ["ptype"] = "publisher", ["room"] = room, ["display"] = display };
        (JsonElement data, JsonElement reply) = await Session.MessageAsync(handle, body, null, cancellationToken);
        Expect("join", data, "joined");
        long id = JanusReply.Int64(data, "id") ?? throw new JanusException("join", 0, "joined without an id: " + reply.GetRawText());
        return (id, PublisherIds(data));
    }

    /// <summary>Publishes: sends our offer with <c>configure</c>, answers Janus's SDP answer.</summary>
    public async Task<string> ConfigureAsync(long handle, string offerSdp, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["request"] = "configure", ["audio"] = true, ["video"] = true };
        (JsonElement data, JsonElement reply) = await Session.MessageAsync(handle, body, Jsep("offer", offerSdp), cancellationToken);
        Expect("configure", data, "event");
        return JanusReply.JsepSdp(reply, "answer") ?? throw new JanusException("configure", 0, "configured without an SDP answer");
    }

    /// <summary>Subscribes to <paramref name="feeds"/>; answers Janus's SDP offer.</summary>
    public async Task<string> JoinAsSubscriberAsync(long handle, long room, IReadOnlyList<long> feeds, CancellationToken cancellationToken)
    {
        var streams = new JsonArray();
        foreach (long feed in feeds)
        {
            streams.Add(new JsonObject { ["feed"] = feed });
        }

        var body = new JsonObject { ["request"] = "join", ["ptype"] = "subscriber", ["room"] = room, ["streams"] = streams };
        (JsonElement data, JsonElement reply) = await Session.MessageAsync(handle, body, null, cancellationToken);
        Expect("join", data, "attached");
        return JanusReply.JsepSdp(reply, "offer") ?? throw new JanusException("join", 0, "subscribed without an SDP offer");
    }

    /// <summary>Answers the subscriber offer: <c>start</c> with our SDP answer.</summary>
    public async Task StartAsync(long handle, string answerSdp, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["request"] = "start" };
        (JsonElement data, _) = await Session.MessageAsync(handle, body, Jsep("answer", answerSdp), cancellationToken);
        Expect("start", data, "event");
        if (JanusReply.String(data, "started") != "ok")
        {
            throw new JanusException("start", 0, "not started: " + data.GetRawText());
        }
    }

    /// <summary>The feed ids in a <c>publishers</c> list (of a <c>joined</c> answer or a later event); entries without an id are skipped.</summary>
    public static IReadOnlyList<long> PublisherIds(JsonElement data)
    {
        var ids = new List<long>();
        if (data.ValueKind == JsonValueKind.Object && data.TryGetProperty("publishers", out JsonElement list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement publisher in list.EnumerateArray())
            {
                if (JanusReply.Int64(publisher, "id") is { } id)
                {
                    ids.Add(id);
                }
            }
        }

        return ids;
    }

    private const int RoomExists = 427;

    private static JsonObject Jsep(string type, string sdp) => new() { ["type"] = type, ["sdp"] = sdp };

    private static void Expect(string request, JsonElement data, string videoroom)
    {
        string? answered = JanusReply.String(data, "videoroom");
        if (answered != videoroom)
        {
            throw new JanusException(request, 0, $"expected videoroom \"{videoroom}\", got \"{answered ?? "(none)"}\"");
        }
    }
}
