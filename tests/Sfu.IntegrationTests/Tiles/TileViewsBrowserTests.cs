using System.Text.Json;
using Microsoft.Playwright;
using Sfu.IntegrationTests.Browser;
using Sfu.IntegrationTests.Meetings;

namespace Sfu.IntegrationTests.Tiles;

/// <summary>
/// The web client's views (web/js/tile-layout.js) and what it tells the server about them (web/js/video-preferences.js):
/// three real pages in one meeting; the DOM of one page after each pin, view and page change, and the videoPreferences
/// messages that page really sent over its WebSocket.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TileViewsBrowserTests
{
    /// <summary>Each remote camera tile of the page: participant, role, shown, and its picture's size in device pixels.</summary>
    private const string ReadTiles = """
        () => [...document.querySelectorAll('.tile[data-local="false"][data-source="camera"]')].map((tile) => {
          const video = tile.querySelector('video');
          const box = video.getBoundingClientRect();
          return {
            participantId: tile.dataset.participantId,
            role: tile.dataset.role ?? '',
            shown: !tile.hidden,
            pinned: tile.dataset.pinned === 'true',
            boxWidth: box.width * devicePixelRatio,
            boxHeight: box.height * devicePixelRatio,
            objectFit: getComputedStyle(video).objectFit,
          };
        })
        """;

    [Fact]
    public async Task Pin_views_and_pages_change_the_tiles_and_the_sizes_and_visibility_sent_to_the_server()
    {
        await using ServerHost server = await ServerHost.StartAsync();
        await using Chromium chromium = await Chromium.LaunchAsync();
        const string room = "tile-views-room";

        MeetingPage alice = await SizedMeetingPage.OpenAsync(chromium, "Alice");
        SentSignaling sent = SentSignaling.Attach(alice.Page);
        await alice.GoToMeetingAsync(server.BaseAddress, room);
        MeetingPage bob = await MeetingPage.JoinAsync(chromium, server.BaseAddress, room, "Bob");
        MeetingPage carol = await MeetingPage.JoinAsync(chromium, server.BaseAddress, room, "Carol");
        await alice.WaitForPlayingRemoteVideosAsync(2);
        string bobId = await bob.ParticipantIdAsync();
        string carolId = await carol.ParticipantIdAsync();
        string bobTrack = await CameraTrackIdAsync(bob);
        string carolTrack = await CameraTrackIdAsync(carol);

        // Grid view: both remote cameras shown side by side, whole frame (contain), reported visible at their size.
        Dictionary<string, JsonElement> prefs = await sent.WaitForPreferencesAsync(
            p => IsVisible(p, bobTrack) && IsVisible(p, carolTrack), "with both remote cameras visible");
        Assert.Equal(bobId, prefs[bobTrack].GetProperty("participantId").GetString());
        Assert.Equal(carolId, prefs[carolTrack].GetProperty("participantId").GetString());
        JsonElement tiles = await alice.Page.EvaluateAsync<JsonElement>(ReadTiles);
        foreach (JsonElement tile in tiles.EnumerateArray())
        {
            Assert.Equal("contain", tile.GetProperty("objectFit").GetString());
            Assert.Equal("cell", tile.GetProperty("role").GetString());
            string track = tile.GetProperty("participantId").GetString() == bobId ? bobTrack : carolTrack;
            AssertFitsBox(prefs[track], tile);
        }

        // Pin Bob: his tile goes large, Carol's small, and the server hears so.
        await alice.Page.ClickAsync($".tile[data-participant-id=\"{bobId}\"][data-source=\"camera\"] .pin");
        prefs = await sent.WaitForPreferencesAsync(
            p => IsPinned(p, bobTrack) && Width(p, bobTrack) >= 2 * Width(p, carolTrack) && IsVisible(p, carolTrack),
            "with Bob pinned and at least twice Carol's width");
        JsonElement layout = await alice.Page.EvaluateAsync<JsonElement>("() => window.sfuDebug.layout()");
        Assert.Equal("speaker", layout.GetProperty("layout").GetString());
        Assert.Equal($"{bobId}:camera", layout.GetProperty("pinned").GetString());
        Assert.Equal("main", await RoleOfAsync(alice, bobId));
        Assert.Equal("strip", await RoleOfAsync(alice, carolId));

        // Unpin: back to the grid, the two the same size again.
        await alice.Page.ClickAsync($".tile[data-participant-id=\"{bobId}\"][data-source=\"camera\"] .pin");
        await sent.WaitForPreferencesAsync(
            p => !IsPinned(p, bobTrack) && IsVisible(p, bobTrack) && Width(p, bobTrack) == Width(p, carolTrack),
            "with nobody pinned and equal widths");
        Assert.Equal("cell", await RoleOfAsync(alice, bobId));

        // A phone-sized window: not every tile fits, so there are pages; only what is on the page is visible.
        await alice.Page.SetViewportSizeAsync(380, 560);
        await alice.WaitForAsync("() => window.sfuDebug.layout().pages > 1");
        await AssertReportedAsShownAsync(alice, sent, bobTrack, carolTrack, bobId);
        int pages = (await alice.Page.EvaluateAsync<JsonElement>("() => window.sfuDebug.layout()")).GetProperty("pages").GetInt32();
        for (int page = 2; page <= pages; page++)
        {
            await alice.Page.ClickAsync("#page-next");
            await alice.WaitForAsync("(page) => window.sfuDebug.layout().page === page", page);
            await AssertReportedAsShownAsync(alice, sent, bobTrack, carolTrack, bobId);
        }

        Assert.True(await alice.IsDisabledAsync("#page-next"), "the last page's next button is disabled");

        // Speaker view at this size: one remote large, the strip paged; again only what is shown is visible.
        await alice.Page.ClickAsync("#view-button");
        await alice.WaitForAsync("() => window.sfuDebug.layout().view === 'speaker' && window.sfuDebug.layout().layout === 'speaker'");
        await AssertReportedAsShownAsync(alice, sent, bobTrack, carolTrack, bobId);
        Assert.Equal("Grid view", (await alice.Page.TextContentAsync("#view-button"))?.Trim());

        // Back to a large window and the grid: both visible again.
        await alice.Page.SetViewportSizeAsync(1280, 720);
        await alice.Page.ClickAsync("#view-button");
        await sent.WaitForPreferencesAsync(p => IsVisible(p, bobTrack) && IsVisible(p, carolTrack), "with both visible again");

        // Every message was well-formed: the server never answered one with an error about it.
        Assert.All(sent.OfType("videoPreferences"), m => Assert.Equal(JsonValueKind.Array, m.GetProperty("tracks").ValueKind));
        MeetingPage.AssertNoPageErrors(alice, bob, carol);
    }

    /// <summary>Waits until the page's last videoPreferences says visible exactly for the remote camera tiles shown now.</summary>
    private static async Task AssertReportedAsShownAsync(MeetingPage page, SentSignaling sent, string bobTrack, string carolTrack, string bobId)
    {
        JsonElement tiles = await page.Page.EvaluateAsync<JsonElement>(ReadTiles);
        var shown = tiles.EnumerateArray().ToDictionary(t => t.GetProperty("participantId").GetString()!, t => t.GetProperty("shown").GetBoolean());
        bool bobShown = shown[bobId];
        bool carolShown = shown.Single(kv => kv.Key != bobId).Value;
        Dictionary<string, JsonElement> prefs = await sent.WaitForPreferencesAsync(
            p => IsVisible(p, bobTrack) == bobShown && IsVisible(p, carolTrack) == carolShown,
            $"with Bob visible={bobShown} and Carol visible={carolShown} (as shown)");
        foreach (string track in new[] { bobTrack, carolTrack })
        {
            if (!prefs[track].GetProperty("visible").GetBoolean())
            {
                Assert.Equal(0, Width(prefs, track));
                Assert.Equal(0, prefs[track].GetProperty("height").GetInt32());
            }
        }
    }

    /// <summary>The reported size is the picture inside the video box: as wide or as high as the box, never larger.</summary>
    private static void AssertFitsBox(JsonElement reported, JsonElement tile)
    {
        double boxWidth = tile.GetProperty("boxWidth").GetDouble();
        double boxHeight = tile.GetProperty("boxHeight").GetDouble();
        int width = reported.GetProperty("width").GetInt32();
        int height = reported.GetProperty("height").GetInt32();
        Assert.True(width <= boxWidth + 1 && height <= boxHeight + 1, $"{width}x{height} exceeds the box {boxWidth}x{boxHeight}");
        Assert.True(Math.Abs(width - boxWidth) <= 1 || Math.Abs(height - boxHeight) <= 1, $"{width}x{height} does not fill the box {boxWidth}x{boxHeight} in either direction");
        Assert.True(width > 0 && height > 0);
    }

    private static Task<string> CameraTrackIdAsync(MeetingPage page) =>
        page.Page.EvaluateAsync<string>("() => window.sfuDebug.pc.getSenders().find((s) => s.track?.kind === 'video').track.id");

    private static Task<string> RoleOfAsync(MeetingPage page, string participantId) =>
        page.Page.EvaluateAsync<string>("(id) => document.querySelector(`.tile[data-participant-id=\"${id}\"][data-source=\"camera\"]`).dataset.role", participantId);

    private static bool IsVisible(Dictionary<string, JsonElement> prefs, string track) =>
        prefs.TryGetValue(track, out JsonElement t) && t.GetProperty("visible").GetBoolean() && t.GetProperty("width").GetInt32() > 0;

    private static bool IsPinned(Dictionary<string, JsonElement> prefs, string track) =>
        prefs.TryGetValue(track, out JsonElement t) && t.GetProperty("pinned").GetBoolean();

    private static int Width(Dictionary<string, JsonElement> prefs, string track) =>
        prefs.TryGetValue(track, out JsonElement t) ? t.GetProperty("width").GetInt32() : -1;
}
