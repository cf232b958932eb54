using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Sfu.IntegrationTests.Browser;
using Sfu.IntegrationTests.Meetings;

namespace Sfu.IntegrationTests.Tiles;

/// <summary>
/// The web client takes the server's adaptive-video messages (videoPaused, layers) as outside input: random and mutated
/// ones, slipped into a real page's real signaling socket beside the real server's messages, must be ignored or applied
/// without a script error, and the meeting keeps playing. Well-formed ones then still work.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class ServerMessageFuzzBrowserTests
{
    private const int MutatedMessages = 400;

    [Fact]
    public async Task Random_and_mutated_videoPaused_and_layers_messages_leave_the_page_working()
    {
        await using ServerHost server = await ServerHost.StartAsync();
        await using Chromium chromium = await Chromium.LaunchAsync();
        const string room = "server-message-fuzz-room";

        MeetingPage alice = await MeetingPage.OpenAsync(chromium, "Alice");
        IWebSocketRoute? toAlice = null;
        await alice.Page.RouteWebSocketAsync(SignalingPath(), route =>
        {
            route.ConnectToServer(); // everything else flows both ways as usual
            toAlice = route;
        });
        await alice.GoToMeetingAsync(server.BaseAddress, room);
        MeetingPage bob = await MeetingPage.JoinAsync(chromium, server.BaseAddress, room, "Bob");
        await alice.WaitForPlayingRemoteVideosAsync(1);
        string bobId = await bob.ParticipantIdAsync();
        string bobTrack = await bob.Page.EvaluateAsync<string>("() => window.sfuDebug.pc.getSenders().find((s) => s.track?.kind === 'video').track.id");
        string aliceTrack = await alice.Page.EvaluateAsync<string>("() => window.sfuDebug.pc.getSenders().find((s) => s.track?.kind === 'video').track.id");
        Assert.NotNull(toAlice);

        JsonObject[] seeds =
        [
            new() { ["type"] = "videoPaused", ["participantId"] = bobId, ["trackId"] = bobTrack, ["paused"] = true, ["reason"] = "bandwidth" },
            new() { ["type"] = "layers", ["trackId"] = aliceTrack, ["active"] = new JsonArray("q", "h") },
        ];
        var random = new Random(20261205);
        for (int i = 0; i < MutatedMessages; i++)
        {
            toAlice!.Send(Mutate(seeds[random.Next(seeds.Length)], random));
        }

        // Well-formed messages still work after all that: the paused overlay comes and goes, and every layer is back on.
        toAlice!.Send(seeds[0].ToJsonString());
        await alice.WaitForAsync("(id) => document.querySelector(`.tile[data-participant-id=\"${id}\"]`).dataset.paused === 'bandwidth'", bobId);
        Assert.Equal("Video paused (low bandwidth)", await alice.Page.TextContentAsync($".tile[data-participant-id=\"{bobId}\"] .paused"));
        toAlice.Send(new JsonObject { ["type"] = "videoPaused", ["participantId"] = bobId, ["trackId"] = bobTrack, ["paused"] = false, ["reason"] = "bandwidth" }.ToJsonString());
        await alice.WaitForAsync("(id) => document.querySelector(`.tile[data-participant-id=\"${id}\"]`).dataset.paused === undefined", bobId);
        toAlice.Send(new JsonObject { ["type"] = "layers", ["trackId"] = aliceTrack, ["active"] = new JsonArray("q", "h", "f") }.ToJsonString());
        await alice.WaitForAsync(
            "() => window.sfuDebug.pc.getSenders().find((s) => s.track?.kind === 'video').getParameters().encodings.every((e) => e.active !== false)");

        // The meeting kept going both ways, and no message threw in the page.
        await alice.WaitForPlayingVideoOfAsync(bobId);
        await bob.WaitForPlayingVideoOfAsync(await alice.ParticipantIdAsync());
        Assert.Equal("open", await alice.Page.EvaluateAsync<string>("() => document.body.dataset.signalingState"));
        MeetingPage.AssertNoPageErrors(alice, bob);
    }

    /// <summary>One mutation of a seed: a field dropped or replaced by a random value, or the text broken or replaced.</summary>
    private static string Mutate(JsonObject seed, Random random)
    {
        var message = (JsonObject)seed.DeepClone();
        string[] fields = [.. message.Select(p => p.Key).Where(k => k != "type")];
        switch (random.Next(6))
        {
            case 0:
                message.Remove(fields[random.Next(fields.Length)]);
                break;
            case 1:
            case 2:
                message[fields[random.Next(fields.Length)]] = RandomValue(random, depth: 0);
                break;
            case 3:
                message["type"] = random.Next(3) switch { 0 => "VideoPaused", 1 => null, _ => JsonValue.Create(random.Next()) };
                break;
            case 4:
                string text = message.ToJsonString();
                return text[..random.Next(text.Length)]; // not JSON any more
            default:
                return RandomValue(random, depth: 0)?.ToJsonString() ?? "null"; // not an object at all
        }

        return message.ToJsonString();
    }

    private static JsonNode? RandomValue(Random random, int depth) => random.Next(depth > 2 ? 6 : 8) switch
    {
        0 => null,
        1 => JsonValue.Create(random.Next(2) == 0),
        2 => JsonValue.Create(random.NextDouble() * random.Next(-1_000_000, 1_000_000)),
        3 => JsonValue.Create(new string((char)random.Next(32, 0x2FFF), random.Next(0, 3000))),
        4 => JsonValue.Create(random.Next(3) switch { 0 => "q", 1 => "hidden", _ => "" }),
        5 => JsonValue.Create(-0.0),
        6 => new JsonArray(Enumerable.Range(0, random.Next(4)).Select(_ => RandomValue(random, depth + 1)).ToArray()),
        _ => new JsonObject { ["x"] = RandomValue(random, depth + 1), ["length"] = JsonValue.Create(random.Next()) },
    };

    [GeneratedRegex("/ws$")]
    private static partial Regex SignalingPath();
}
