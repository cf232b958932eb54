using Microsoft.Extensions.Options;
using Sfu.Engine;
using Signaling;

namespace Api;

/// <summary>
/// Checks every setting before the host binds anything, so a typo in a port or worker count costs the operator one
/// line per bad setting and exit code 1, not an unhandled exception with a long stack trace.
/// </summary>
internal static class SettingsCheck
{
    /// <summary>What is wrong with the bound settings, one sentence each naming the setting; empty when all are usable.</summary>
    public static List<string> Problems(IServiceProvider services)
    {
        var problems = new List<string>();
        Collect(problems, () => services.GetRequiredService<IOptions<SfuOptions>>().Value.Problems());
        Collect(problems, () => services.GetRequiredService<IOptions<Metrics.MetricsOptions>>().Value.Problems());
        Collect(problems, () => Meetings.ServerInstance.Problem(services.GetRequiredService<IOptions<Meetings.MeetingsOptions>>().Value.InstanceId) is { } instance ? [instance] : []);

        // Signaling validates through the options pipeline (ValidateOnStart); reading the value runs its checks.
        Collect(problems, () =>
        {
            _ = services.GetRequiredService<IOptions<SignalingOptions>>().Value;
            return [];
        });
        Collect(problems, () => services.GetRequiredService<IOptions<Signaling.Turn.TurnOptions>>().Value.Problems());
        Collect(problems, () =>
        {
            try
            {
                return StaticTurnCredentials(services.GetRequiredService<IOptions<SignalingOptions>>().Value);
            }
            catch (OptionsValidationException)
            {
                return []; // reported above, once
            }
        });
        return problems;
    }

    /// <summary>
    /// A credential in Signaling:IceServers would go to every joiner alike, making the TURN server an open relay for anyone
    /// with a meeting token: TURN credentials are per participant and expire (Turn:Urls, Turn:Secret).
    /// </summary>
    private static List<string> StaticTurnCredentials(SignalingOptions options)
    {
        var problems = new List<string>();
        for (int i = 0; i < options.IceServers.Count; i++)
        {
            IceServerOptions server = options.IceServers[i];
            if (!string.IsNullOrEmpty(server.Username) || !string.IsNullOrEmpty(server.Credential))
            {
                problems.Add($"Signaling:IceServers:{i} carries a username or credential: static TURN credentials are not handed out; list STUN servers there and configure TURN with Turn:Urls and Turn:Secret (per-participant credentials that expire).");
            }
        }

        return problems;
    }

    private static void Collect(List<string> problems, Func<IReadOnlyList<string>> check)
    {
        try
        {
            problems.AddRange(check());
        }
        catch (OptionsValidationException e)
        {
            problems.AddRange(e.Failures);
        }
        catch (InvalidOperationException e)
        {
            // The binder's "Failed to convert configuration value at 'Sfu:Port' to type 'System.Int32'": it names the setting.
            problems.Add(e.Message);
        }
    }
}
