using Sfu.IntegrationTests.Browser;
using Sfu.IntegrationTests.Meetings;

namespace Sfu.IntegrationTests.Tiles;

/// <summary>A server, a Chromium and two pages in one meeting: Alice (a 1280x720 window) plays Bob's camera.</summary>
internal sealed class AliceWatchesBob : IAsyncDisposable
{
    private AliceWatchesBob(ServerHost server, Chromium chromium)
    {
        Server = server;
        Chromium = chromium;
    }

    public ServerHost Server { get; }

    public Chromium Chromium { get; }

    public MeetingPage Alice { get; private set; } = null!;

    public MeetingPage Bob { get; private set; } = null!;

    public string BobId { get; private set; } = "";

    public static async Task<AliceWatchesBob> StartAsync(string room)
    {
        ServerHost server = await ServerHost.StartAsync();
        var meeting = new AliceWatchesBob(server, await Chromium.LaunchAsync());
        try
        {
            meeting.Alice = await SizedMeetingPage.JoinAsync(meeting.Chromium, server.BaseAddress, room, "Alice");
            meeting.Bob = await MeetingPage.JoinAsync(meeting.Chromium, server.BaseAddress, room, "Bob");
            await meeting.Alice.WaitForPlayingRemoteVideosAsync(1);
            meeting.BobId = await meeting.Bob.ParticipantIdAsync();
            return meeting;
        }
        catch
        {
            await meeting.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Chromium.DisposeAsync();
        await Server.DisposeAsync();
    }
}
