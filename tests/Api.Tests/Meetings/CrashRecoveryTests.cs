using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Api.Meetings;
using Api.Tests.Infrastructure;
using Signaling.Tests.Hosting;

namespace Api.Tests.Meetings;

/// <summary>
/// A server that dies without its graceful sweep (killed: SIGKILL) leaves its participants' rows open; when it starts
/// again it closes them with reason <c>server_restart</c>, and only them: another server on the same database keeps its
/// own open rows. The crashing server is a real separate process of src/Api, so nothing of its shutdown runs.
/// </summary>
public abstract class CrashRecoveryTests(DatabaseKind kind) : DatabaseTestBase(kind)
{
    private const string CrashingInstance = "crash-test-server";

    [Fact]
    public async Task AKilledServerClosesItsOwnOpenRowsWhenItStartsAgainAndLeavesOtherServersRows()
    {
        string hostToken = await Host.SignUpAsync("crash@example.com");
        string code = await Host.CreateMeetingAsync(hostToken);
        // The in-process host is the other server: one participant through it.
        (_, string survivorId) = await Host.JoinAsync(code, "Survivor", guestKey: "survivor");

        string[] crashedIds;
        using (Process crashing = await StartServerProcessAsync(out Uri crashingBase))
        {
            try
            {
                crashedIds = [await JoinThroughAsync(crashingBase, code, "Ana"), await JoinThroughAsync(crashingBase, code, "Ben")];
                await Eventually.ThatAsync(async () => (await RowsAsync(crashedIds)).All(r => r.JoinedAt is not null && r.InstanceId == CrashingInstance));
            }
            finally
            {
                crashing.Kill(entireProcessTree: true);
                await crashing.WaitForExitAsync();
            }
        }

        Assert.All(await RowsAsync(crashedIds), row => Assert.Null(row.LeftAt)); // nothing closed them: no graceful stop ran

        await using MeetingsHost restarted = await MeetingsHost.StartAsync(Database, "--Meetings:InstanceId", CrashingInstance);

        Assert.All(await RowsAsync(crashedIds), row =>
        {
            Assert.Equal(AttendanceReasons.ServerRestart, row.LeaveReason);
            Assert.NotNull(row.LeftAt);
        });
        ParticipantRow survivor = Assert.Single(await RowsAsync([survivorId]));
        Assert.Null(survivor.LeftAt);
        Assert.Equal(Host.Service<ServerInstance>().Id, survivor.InstanceId);
        JsonElement[] attendance = [.. (await restarted.JsonAsync(HttpMethod.Get, $"/api/meetings/{code}/participants", hostToken)).GetProperty("participants").EnumerateArray()];
        Assert.Equal(["left open", "server_restart", "server_restart"], attendance.Select(r => r.GetProperty("leaveReason").GetString() ?? "left open"));
        Assert.Equal(MeetingStatus.Active, (await restarted.JsonAsync(HttpMethod.Get, "/api/meetings/" + code)).GetProperty("status").GetString());
    }

    [Fact]
    public void TheDefaultInstanceIdIsStablePerHostAndDataFolder()
    {
        Assert.Equal(ServerInstance.DefaultId("media-1", "/srv/sfu/data"), ServerInstance.DefaultId("media-1", "/srv/sfu/data"));
        Assert.NotEqual(ServerInstance.DefaultId("media-1", "/srv/sfu/data"), ServerInstance.DefaultId("media-2", "/srv/sfu/data"));
        Assert.NotEqual(ServerInstance.DefaultId("media-1", "/srv/sfu/data"), ServerInstance.DefaultId("media-1", "/srv/sfu/data-b"));
        Assert.Null(ServerInstance.Problem(null));
        Assert.Null(ServerInstance.Problem("eu-west-1a/media-3"));
        Assert.NotNull(ServerInstance.Problem(new string('x', ServerInstance.MaxIdLength + 1)));
        Assert.NotNull(ServerInstance.Problem("tab\there"));
    }

    private async Task<ParticipantRow[]> RowsAsync(IEnumerable<string> ids)
    {
        var rows = new List<ParticipantRow>();
        foreach (string id in ids)
        {
            rows.Add((await Host.Service<ParticipantRepository>().FindAsync(long.Parse(id, System.Globalization.CultureInfo.InvariantCulture)))!);
        }

        return [.. rows];
    }

    /// <summary>A guest's meeting token from <paramref name="server"/> and its /ws join there; returns the participant id.</summary>
    private static async Task<string> JoinThroughAsync(Uri server, string code, string name)
    {
        using var http = new HttpClient { BaseAddress = server };
        using HttpResponseMessage response = await http.PostAsJsonAsync($"/api/meetings/{code}/join", new { displayName = name, guestKey = name + "-key" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        WsTestClient client = await WsTestClient.ConnectAsync(server); // dies with the server
        await client.SendAsync(new { type = "join", token });
        return (await client.ReceiveAsync("joined")).GetProperty("participantId").GetString()!;
    }

    /// <summary>src/Api as a process of its own on the test database, answering /healthz.</summary>
    private Task<Process> StartServerProcessAsync(out Uri baseAddress)
    {
        int port = FreeTcpPort();
        baseAddress = new Uri($"http://127.0.0.1:{port}");
        string serverDll = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(serverDll)! };
        foreach (string argument in (string[])["exec", serverDll, "--urls", baseAddress.ToString(), "--Sfu:Port=0", "--Sfu:Workers=1", "--Sfu:BindAddress=127.0.0.1",
                     "--Logging:LogLevel:Default", "Warning", "--Signaling:JoinTokenPermits", "0", "--Meetings:InstanceId", CrashingInstance, .. Database.Settings])
        {
            start.ArgumentList.Add(argument);
        }

        Process process = Process.Start(start)!;
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return WaitHealthyAsync(process, baseAddress);
    }

    private static async Task<Process> WaitHealthyAsync(Process process, Uri baseAddress)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        await Eventually.ThatAsync(
            async () =>
            {
                Assert.False(process.HasExited, $"the server process exited with {(process.HasExited ? process.ExitCode : 0)}");
                try
                {
                    return (await http.GetAsync("/healthz")).IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            timeoutMs: 60_000);
        return process;
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public sealed class SqliteCrashRecoveryTests() : CrashRecoveryTests(DatabaseKind.Sqlite);

public sealed class PostgresCrashRecoveryTests() : CrashRecoveryTests(DatabaseKind.Postgres);
