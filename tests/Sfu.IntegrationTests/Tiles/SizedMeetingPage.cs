using Sfu.IntegrationTests.Meetings;

namespace Sfu.IntegrationTests.Tiles;

/// <summary>Meeting pages in a window of a known size (tile sizes, and so simulcast layers, follow from it).</summary>
internal static class SizedMeetingPage
{
    /// <summary>A page of that size, not navigated yet (to watch or route its WebSocket first).</summary>
    public static async Task<MeetingPage> OpenAsync(Browser.Chromium chromium, string name, int width = 1280, int height = 720)
    {
        MeetingPage page = await MeetingPage.OpenAsync(chromium, name);
        await page.Page.SetViewportSizeAsync(width, height);
        return page;
    }

    public static async Task GoToMeetingAsync(this MeetingPage page, Uri server, string room)
    {
        await global::Tests.Shared.TestMeetings.EnsureAsync(server, room);
        await page.Page.GotoAsync(new Uri(server, $"/m/{room}?name={page.Name}").ToString());
    }

    public static async Task<MeetingPage> JoinAsync(Browser.Chromium chromium, Uri server, string room, string name, int width = 1280, int height = 720)
    {
        MeetingPage page = await OpenAsync(chromium, name, width, height);
        await page.GoToMeetingAsync(server, room);
        return page;
    }
}
