using System.Globalization;
using Api.Meetings;
using Microsoft.Extensions.DependencyInjection;
using Sfu.IntegrationTests.Browser;

namespace Sfu.IntegrationTests.Meetings;

/// <summary>
/// After a graceful server restart the pages rejoin by themselves: the server tells everyone it is stopping, the pages
/// say so and keep trying, and once a server is back on the same address and database they join the same meeting
/// again (as new participants) and see each other's video, with no click.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ServerRestartBrowserTests
{
    [Fact]
    public async Task Pages_rejoin_the_meeting_by_themselves_after_a_graceful_restart()
    {
        await using ServerHost server = await ServerHost.StartAsync();
        await using Chromium chromium = await Chromium.LaunchAsync();
        MeetingPage ana = await MeetingPage.JoinAsync(chromium, server.BaseAddress, "restart-room", "Ana");
        MeetingPage ben = await MeetingPage.JoinAsync(chromium, server.BaseAddress, "restart-room", "Ben");
        await ana.WaitForPlayingRemoteVideosAsync(1);
        await ben.WaitForPlayingRemoteVideosAsync(1);
        string anaBefore = await ana.ParticipantIdAsync();
        string benBefore = await ben.ParticipantIdAsync();

        await server.RestartAsync();

        foreach ((MeetingPage page, string before) in new[] { (ana, anaBefore), (ben, benBefore) })
        {
            await page.WaitForAsync(
                "(before) => !!window.sfuDebug.participantId && window.sfuDebug.participantId !== before && document.body.dataset.signalingState === 'open'",
                before);
            Assert.False(await page.Page.IsVisibleAsync("#ended"));
        }

        await ana.WaitForPlayingVideoOfAsync(await ben.ParticipantIdAsync());
        await ben.WaitForPlayingVideoOfAsync(await ana.ParticipantIdAsync());

        // The meeting went on: still active, the first rows closed by the graceful stop, the new ones open.
        MeetingRow meeting = (await server.Services.GetRequiredService<MeetingRepository>().FindByCodeAsync("restart-room"))!;
        Assert.Equal(MeetingStatus.Active, meeting.Status);
        ParticipantRepository participants = server.Services.GetRequiredService<ParticipantRepository>();
        foreach (string before in new[] { anaBefore, benBefore })
        {
            Assert.Equal(AttendanceReasons.ServerShutdown, (await participants.FindAsync(long.Parse(before, CultureInfo.InvariantCulture)))!.LeaveReason);
        }

        foreach (MeetingPage page in new[] { ana, ben })
        {
            Assert.Null((await participants.FindAsync(long.Parse(await page.ParticipantIdAsync(), CultureInfo.InvariantCulture)))!.LeftAt);
        }

        MeetingPage.AssertNoPageErrors(ana, ben);
    }
}
