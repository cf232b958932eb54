using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;

namespace Signaling.Tests.Hosting;

/// <summary>The operator API on the real host: list rooms, kick, end a meeting, bearer key checks.</summary>
public sealed class OperatorEndpointsTests : IAsyncLifetime
{
    private const string Key = "operator-key-0123456789";
    private SignalingTestHost _host = null!;

    public async Task InitializeAsync() => _host = await SignalingTestHost.StartAsync("--Signaling:OperatorKey", Key);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task KickWithTheKeySendsLeaveKickedToTheKickedOneAndParticipantLeftToTheOthers()
    {
        JoinedClient alice = await _host.JoinedAsync("kick-room", "Alice");
        JoinedClient bob = await _host.JoinedAsync("kick-room", "Bob");
        await alice.Client.ReceiveAsync("participantJoined");

        HttpResponseMessage response = await _host.OperatorAsync(HttpMethod.Post, $"/api/rooms/kick-room/participants/{bob.ParticipantId}/kick", Key);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonElement body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("kicked", body.GetProperty("reason").GetString());
        Assert.Equal(bob.ParticipantId, body.GetProperty("participantId").GetString());
        Assert.Equal(1, body.GetProperty("removed").GetInt32());

        Assert.Equal("kicked", (await bob.Client.ReceiveAsync("leave")).GetProperty("reason").GetString());
        await bob.Client.WaitClosedAsync();
        Assert.Equal(WebSocketCloseStatus.NormalClosure, bob.Client.CloseStatus);

        JsonElement left = await alice.Client.ReceiveAsync("participantLeft");
        Assert.Equal(bob.ParticipantId, left.GetProperty("participantId").GetString());
        Assert.Equal("kicked", left.GetProperty("reason").GetString());
        Assert.True(_host.Engine.Peer(bob.ParticipantId).Disposed);
        Assert.Equal(new[] { alice.ParticipantId }, await ParticipantIdsAsync("kick-room"));
    }

    [Fact]
    public async Task MissingOrWrongKeyGets401AndChangesNothing()
    {
        JoinedClient alice = await _host.JoinedAsync("guarded-room", "Alice");
        string kick = $"/api/rooms/guarded-room/participants/{alice.ParticipantId}/kick";

        foreach (string? key in new[] { null, "", "wrong-key-0123456789", Key + "x", Key[..^1], Key.ToUpperInvariant() })
        {
            foreach ((HttpMethod method, string path) in new[] { (HttpMethod.Post, kick), (HttpMethod.Post, "/api/rooms/guarded-room/end"), (HttpMethod.Get, "/api/rooms") })
            {
                HttpResponseMessage response = await _host.OperatorAsync(method, path, key);
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
                JsonElement error = await response.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal("error", error.GetProperty("type").GetString());
                Assert.Equal("unauthorized", error.GetProperty("code").GetString());
            }
        }

        // The right key in another scheme is not a bearer key.
        using var basic = new HttpRequestMessage(HttpMethod.Post, kick);
        basic.Headers.TryAddWithoutValidation("Authorization", "Basic " + Key);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _host.Http.SendAsync(basic)).StatusCode);

        await alice.Client.SendAsync(new { type = "ping", id = "still-here" });
        Assert.Equal("still-here", (await alice.Client.ReceiveAsync("pong")).GetProperty("id").GetString());
        Assert.Equal(new[] { alice.ParticipantId }, await ParticipantIdsAsync("guarded-room"));
    }

    [Fact]
    public async Task UnknownRoomOrParticipantGets404AndABadRoomCode400()
    {
        JoinedClient alice = await _host.JoinedAsync("known-room", "Alice");

        await AssertErrorAsync(HttpMethod.Post, "/api/rooms/known-room/participants/pnobody/kick", HttpStatusCode.NotFound, "not_found", "participantId");
        await AssertErrorAsync(HttpMethod.Post, $"/api/rooms/other-room/participants/{alice.ParticipantId}/kick", HttpStatusCode.NotFound, "not_found", "room");
        await AssertErrorAsync(HttpMethod.Post, "/api/rooms/empty-room/end", HttpStatusCode.NotFound, "not_found", "room");
        await AssertErrorAsync(HttpMethod.Post, "/api/rooms/Known_Room/end", HttpStatusCode.BadRequest, "bad_request", "room");
        await AssertErrorAsync(HttpMethod.Post, $"/api/rooms/ab/participants/{alice.ParticipantId}/kick", HttpStatusCode.BadRequest, "bad_request", "room");

        Assert.Equal(new[] { alice.ParticipantId }, await ParticipantIdsAsync("known-room"));
    }

    [Fact]
    public async Task EndMeetingSendsLeaveMeetingEndedToEveryoneAndLeavesOtherRoomsAlone()
    {
        JoinedClient[] meeting =
        [
            await _host.JoinedAsync("ending-room", "Alice"),
            await _host.JoinedAsync("ending-room", "Bob"),
            await _host.JoinedAsync("ending-room", "Carol"),
        ];
        JoinedClient dave = await _host.JoinedAsync("staying-room", "Dave");

        HttpResponseMessage response = await _host.OperatorAsync(HttpMethod.Post, "/api/rooms/ending-room/end", Key);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonElement body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("meetingEnded", body.GetProperty("reason").GetString());
        Assert.Equal(3, body.GetProperty("removed").GetInt32());
        foreach (JoinedClient participant in meeting)
        {
            Assert.Equal("meetingEnded", (await participant.Client.ReceiveAsync("leave")).GetProperty("reason").GetString());
            // Everyone is leaving: nobody is told about the others first.
            Assert.DoesNotContain("participantLeft", await participant.Client.RemainingTypesAfterCloseAsync());
            Assert.Equal(WebSocketCloseStatus.NormalClosure, participant.Client.CloseStatus);
            Assert.True(_host.Engine.Peer(participant.ParticipantId).Disposed);
        }

        JsonElement rooms = await RoomsAsync();
        Assert.Equal("staying-room", Assert.Single(rooms.EnumerateArray()).GetProperty("id").GetString());
        await dave.Client.SendAsync(new { type = "ping", id = "p" });
        Assert.Equal("p", (await dave.Client.ReceiveAsync("pong")).GetProperty("id").GetString());
    }

    [Fact]
    public async Task ListRoomsShowsEachRoomsParticipantIdsNamesAndWhetherTheyAreConnected()
    {
        JoinedClient carol = await _host.JoinedAsync("list-room-b", "Carol");
        JoinedClient alice = await _host.JoinedAsync("list-room-b", "alice");
        JoinedClient bob = await _host.JoinedAsync("list-room-a", "Bob");

        JsonElement rooms = await RoomsAsync();

        Assert.Equal(new[] { "list-room-a", "list-room-b" }, rooms.EnumerateArray().Select(r => r.GetProperty("id").GetString()!));
        JsonElement[] b = [.. rooms[1].GetProperty("participants").EnumerateArray()];
        Assert.Equal(new[] { alice.ParticipantId, carol.ParticipantId }, b.Select(p => p.GetProperty("id").GetString()!));
        Assert.Equal(new[] { "alice", "Carol" }, b.Select(p => p.GetProperty("name").GetString()!));
        Assert.All(b, p => Assert.True(p.GetProperty("connected").GetBoolean()));
        Assert.Equal(bob.ParticipantId, Assert.Single(rooms[0].GetProperty("participants").EnumerateArray()).GetProperty("id").GetString());

        bob.Client.Abort();
        await UntilAsync(
            async () => !(await RoomsAsync())[0].GetProperty("participants")[0].GetProperty("connected").GetBoolean(),
            "Bob listed as not connected during his grace period");
    }

    [Fact]
    public async Task KickedWhileReconnectingIsToldOnResumeInsteadOfJoiningAgain()
    {
        JoinedClient alice = await _host.JoinedAsync("flaky-room", "Alice");
        JoinedClient bob = await _host.JoinedAsync("flaky-room", "Bob");
        bob.Client.Abort();
        await UntilAsync(
            async () => (await RoomsAsync())[0].GetProperty("participants").EnumerateArray().Any(p => !p.GetProperty("connected").GetBoolean()),
            "Bob's socket drop noticed");

        HttpResponseMessage kick = await _host.OperatorAsync(HttpMethod.Post, $"/api/rooms/flaky-room/participants/{bob.ParticipantId}/kick", Key);
        Assert.Equal(HttpStatusCode.OK, kick.StatusCode);
        Assert.Equal("kicked", (await alice.Client.ReceiveAsync("participantLeft")).GetProperty("reason").GetString());

        // Bob's browser comes back as it always does: resume token and a fresh (valid) join token.
        WsTestClient again = await _host.ConnectAsync();
        await again.SendAsync(new { type = "join", token = await _host.TokenAsync("flaky-room", "Bob"), resumeToken = bob.ResumeToken });

        Assert.Equal("kicked", (await again.ReceiveAsync("leave")).GetProperty("reason").GetString());
        Assert.DoesNotContain("joined", await again.RemainingTypesAfterCloseAsync());
        Assert.Equal(new[] { alice.ParticipantId }, await ParticipantIdsAsync("flaky-room"));
    }

    /// <summary>A correctness wait for the server to notice a dropped socket (generous bound, not a timing assertion).</summary>
    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for " + what);
            await Task.Delay(20);
        }
    }

    private async Task AssertErrorAsync(HttpMethod method, string path, HttpStatusCode status, string code, string field)
    {
        HttpResponseMessage response = await _host.OperatorAsync(method, path, Key);
        Assert.Equal(status, response.StatusCode);
        JsonElement error = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal(field, error.GetProperty("field").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
    }

    private async Task<JsonElement> RoomsAsync()
    {
        HttpResponseMessage response = await _host.OperatorAsync(HttpMethod.Get, "/api/rooms", Key);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rooms");
    }

    private async Task<string[]> ParticipantIdsAsync(string room)
    {
        foreach (JsonElement entry in (await RoomsAsync()).EnumerateArray())
        {
            if (entry.GetProperty("id").GetString() == room)
            {
                return [.. entry.GetProperty("participants").EnumerateArray().Select(p => p.GetProperty("id").GetString()!)];
            }
        }

        return [];
    }
}
