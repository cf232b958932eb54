using Microsoft.Playwright;

namespace Sfu.IntegrationTests.Meetings;

/// <summary>One participant's meeting page, with the checks the browser tests make on it.</summary>
internal sealed class MeetingPage(IPage page, string name)
{
    private static readonly PageWaitForFunctionOptions Wait = new() { Timeout = 45_000, PollingInterval = 300 };

    public IPage Page { get; } = page;

    public string Name { get; } = name;

    /// <param name="initScript">Runs in the page before its own scripts (e.g. to make getUserMedia fail as a browser would).</param>
    public static async Task<MeetingPage> JoinAsync(Browser.Chromium chromium, Uri server, string room, string name, string? initScript = null)
    {
        IPage page = await chromium.Context.NewPageAsync();
        if (initScript is not null)
        {
            await page.AddInitScriptAsync(initScript);
        }

        await page.GotoAsync(new Uri(server, $"/m/{room}?name={name}").ToString());
        return new MeetingPage(page, name);
    }

    public Task<string> ParticipantIdAsync() => Page.EvaluateAsync<string>("() => window.sfuDebug.participantId");

    /// <summary>Waits until exactly <paramref name="count"/> remote camera tiles show video that plays (width known, time advancing).</summary>
    public async Task WaitForPlayingRemoteVideosAsync(int count)
    {
        await Page.WaitForFunctionAsync(
            """
            async (count) => {
              const videos = [...document.querySelectorAll('.tile[data-local="false"][data-source="camera"] video')];
              if (videos.length !== count) return false;
              const before = videos.map(v => v.currentTime);
              await new Promise(r => setTimeout(r, 400));
              return videos.every((v, i) => v.videoWidth > 0 && v.currentTime > before[i]);
            }
            """,
            count,
            Wait);
    }

    /// <summary>Waits until <paramref name="count"/> inbound audio streams exist and every one of them keeps receiving packets.</summary>
    public async Task WaitForRisingRemoteAudioAsync(int count)
    {
        await Page.WaitForFunctionAsync(
            """
            async (count) => {
              const audioPackets = async () => {
                const stats = await window.sfuDebug.pc.getStats();
                const result = new Map();
                stats.forEach(s => { if (s.type === 'inbound-rtp' && s.kind === 'audio' && s.packetsReceived > 0) result.set(s.ssrc, s.packetsReceived); });
                return result;
              };
              const first = await audioPackets();
              await new Promise(r => setTimeout(r, 500));
              const second = await audioPackets();
              const rising = [...second].filter(([ssrc, n]) => n > (first.get(ssrc) ?? 0));
              return rising.length === count;
            }
            """,
            count,
            Wait);
    }

    /// <summary>Waits until the camera tile of <paramref name="participantId"/> shows video that plays.</summary>
    public async Task WaitForPlayingVideoOfAsync(string participantId)
    {
        await Page.WaitForFunctionAsync(
            """
            async (id) => {
              const video = document.querySelector(`.tile[data-participant-id="${id}"][data-source="camera"] video`);
              if (!video) return false;
              const before = video.currentTime;
              await new Promise(r => setTimeout(r, 400));
              return video.videoWidth > 0 && video.currentTime > before;
            }
            """,
            participantId,
            Wait);
    }

    /// <summary>Waits until a tile for <paramref name="participantId"/> exists (joined, with or without media).</summary>
    public async Task WaitForTileOfAsync(string participantId)
    {
        await Page.WaitForFunctionAsync(
            "(id) => !!document.querySelector(`.tile[data-participant-id=\"${id}\"]`)",
            participantId,
            Wait);
    }

    /// <summary>Waits until a notice on the page contains <paramref name="text"/>.</summary>
    public async Task WaitForNoticeAsync(string text)
    {
        await Page.WaitForFunctionAsync(
            "(text) => [...document.querySelectorAll('#notices .notice')].some(n => n.textContent.includes(text))",
            text,
            Wait);
    }

    public Task<bool> IsDisabledAsync(string selector) => Page.IsDisabledAsync(selector);

    public async Task WaitForNoTileOfAsync(string participantId, int timeoutMs)
    {
        await Page.WaitForFunctionAsync(
            "(id) => !document.querySelector(`.tile[data-participant-id=\"${id}\"]`)",
            participantId,
            new PageWaitForFunctionOptions { Timeout = timeoutMs, PollingInterval = 100 });
    }

    public async Task SendChatAsync(string text)
    {
        await Page.FillAsync("#chat-input", text);
        await Page.PressAsync("#chat-input", "Enter");
    }

    public async Task WaitForChatAsync(string text)
    {
        await Page.WaitForFunctionAsync(
            "(text) => [...document.querySelectorAll('[data-chat-message]')].some(m => m.textContent.includes(text))",
            text,
            Wait);
    }

    public async Task WaitForMutedTileAsync(string participantId)
    {
        await Page.WaitForFunctionAsync(
            "(id) => document.querySelector(`.tile[data-participant-id=\"${id}\"][data-source=\"camera\"]`)?.dataset.muted === 'true'",
            participantId,
            Wait);
    }
}
