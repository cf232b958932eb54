using Microsoft.Extensions.Options;

namespace Signaling.Limits;

/// <summary>
/// Checks the limits at start (the options are validated on start), naming the setting: a cap of 0 would refuse every
/// join, and a rate-limit window of 0 is refused by the rate limiter on the first request instead of at start.
/// </summary>
internal sealed class LimitsValidation : IValidateOptions<SignalingOptions>
{
    public ValidateOptionsResult Validate(string? name, SignalingOptions options)
    {
        var failures = new List<string>();
        AtLeastOne(failures, nameof(options.MaxParticipantsPerRoom), options.MaxParticipantsPerRoom);
        AtLeastOne(failures, nameof(options.MaxConnections), options.MaxConnections);
        AtLeastOne(failures, nameof(options.MaxRooms), options.MaxRooms);
        AtLeastOne(failures, nameof(options.MaxParticipants), options.MaxParticipants);
        Positive(failures, nameof(options.MediaConnectTimeout), options.MediaConnectTimeout);
        RateLimit(failures, nameof(options.JoinTokenPermits), options.JoinTokenPermits, nameof(options.JoinTokenWindow), options.JoinTokenWindow);
        RateLimit(failures, nameof(options.HandshakePermits), options.HandshakePermits, nameof(options.HandshakeWindow), options.HandshakeWindow);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void AtLeastOne(List<string> failures, string setting, int value)
    {
        if (value < 1)
        {
            failures.Add($"{SignalingOptions.SectionName}:{setting} must be at least 1 (it is {value})");
        }
    }

    private static void Positive(List<string> failures, string setting, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{SignalingOptions.SectionName}:{setting} must be longer than zero (it is {value})");
        }
    }

    /// <summary>Permits 0 turns a rate limit off; otherwise it needs a window.</summary>
    private static void RateLimit(List<string> failures, string permitsSetting, int permits, string windowSetting, TimeSpan window)
    {
        if (permits < 0)
        {
            failures.Add($"{SignalingOptions.SectionName}:{permitsSetting} must be 0 (no limit) or more (it is {permits})");
        }
        else if (permits > 0)
        {
            Positive(failures, windowSetting, window);
        }
    }
}
