using Microsoft.Playwright;
using Sfu.IntegrationTests.Browser;
using Sfu.IntegrationTests.Meetings;
using Signaling.Turn;

namespace Sfu.IntegrationTests.Operations;

/// <summary>
/// TURN through a real coturn with <c>use-auth-secret</c>: it accepts exactly the credentials the server's scheme makes
/// (and refuses forged and expired ones), and two browsers restricted to relayed candidates meet through it with the
/// credentials the server handed out in <c>joined</c>.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TurnRelayTests
{
    private const string Secret = "turn-relay-test-secret-0123456789";

    // The web client's RTCPeerConnection, restricted to relayed candidates as a browser behind a UDP-blocking firewall
    // would end up; everything else about it (its ICE servers from joined) is the client's own.
    private const string RelayOnly = """
        (() => {
          const Native = window.RTCPeerConnection;
          window.__peerConnections = [];
          const Relayed = function (config, ...rest) {
            const pc = new Native({ ...(config || {}), iceTransportPolicy: 'relay' }, ...rest);
            window.__peerConnections.push(pc);
            return pc;
          };
          Relayed.prototype = Native.prototype;
          Object.setPrototypeOf(Relayed, Native);
          window.RTCPeerConnection = Relayed;
        })();
        """;

    private const string SelectedLocalCandidateType = """
        async () => {
          const pc = window.__peerConnections.at(-1);
          if (!pc) return 'no peer connection';
          const stats = await pc.getStats();
          let type = 'no selected pair';
          stats.forEach(s => {
            if (s.type === 'transport' && s.selectedCandidatePairId) {
              const pair = stats.get(s.selectedCandidatePairId);
              type = stats.get(pair.localCandidateId)?.candidateType ?? 'unknown';
            }
          });
          return type;
        }
        """;

    [Fact]
    public async Task CoturnAcceptsTheSchemesCredentialAndRefusesForgedAndExpiredOnes()
    {
        await using Coturn coturn = await Coturn.StartAsync(Secret);
        TurnCredential valid = TurnCredentials.Create(Secret, "alice", DateTimeOffset.UtcNow.AddMinutes(10));
        TurnCredential forged = TurnCredentials.Create("not-the-secret-0123456789", "alice", DateTimeOffset.UtcNow.AddMinutes(10));
        TurnCredential expired = TurnCredentials.Create(Secret, "alice", DateTimeOffset.UtcNow.AddMinutes(-1));

        (int validExit, string validOutput) = await coturn.AllocateAsync(valid.Username, valid.Password);
        Assert.True(validExit == 0, "a valid credential was refused:\n" + validOutput + "\n" + coturn.Log);

        (int forgedExit, string forgedOutput) = await coturn.AllocateAsync(forged.Username, forged.Password);
        Assert.NotEqual(0, forgedExit);
        Assert.Contains("Cannot complete Allocation", forgedOutput, StringComparison.Ordinal);

        (int expiredExit, string expiredOutput) = await coturn.AllocateAsync(expired.Username, expired.Password);
        Assert.NotEqual(0, expiredExit);
        Assert.Contains("Cannot complete Allocation", expiredOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoBrowsersLimitedToRelayCandidatesMeetThroughCoturnWithTheHandedOutCredentials()
    {
        await using Coturn coturn = await Coturn.StartAsync(Secret);
        await using ServerHost server = await ServerHost.StartAsync($"--Turn:Urls:0={coturn.Url}", $"--Turn:Secret={Secret}", "--Turn:CredentialLifetime=00:10:00");
        await using Chromium chromium = await Chromium.LaunchAsync();

        MeetingPage alice = await MeetingPage.JoinAsync(chromium, server.BaseAddress, "turn-relay", "Alice", RelayOnly);
        MeetingPage bob = await MeetingPage.JoinAsync(chromium, server.BaseAddress, "turn-relay", "Bob", RelayOnly);
        await alice.WaitForPlayingRemoteVideosAsync(1);
        await bob.WaitForPlayingRemoteVideosAsync(1);

        foreach (MeetingPage page in new[] { alice, bob })
        {
            Assert.Equal("relay", await page.Page.EvaluateAsync<string>(SelectedLocalCandidateType));
            // coturn saw this participant's own credential: <expiry>:<participant id>.
            string participant = await page.ParticipantIdAsync();
            Assert.Contains(":" + participant, coturn.Log, StringComparison.Ordinal);
        }

        MeetingPage.AssertNoPageErrors(alice, bob);
    }
}
