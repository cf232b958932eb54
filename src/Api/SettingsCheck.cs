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

        // Signaling validates through the options pipeline (ValidateOnStart); reading the value runs its checks.
        Collect(problems, () =>
        {
            _ = services.GetRequiredService<IOptions<SignalingOptions>>().Value;
            return [];
        });
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
