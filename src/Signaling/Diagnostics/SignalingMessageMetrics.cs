using System.Collections.Frozen;
using System.Diagnostics.Metrics;
using Signaling.Protocol;

namespace Signaling.Diagnostics;

/// <summary>
/// Client messages by type, process-wide like the engine's counters (a static meter whose name starts with "Sfu", which
/// the Api's /metrics bridge exports). The <c>type</c> label is one of the protocol's client message types, or
/// <c>invalid</c> (did not parse or validate) or <c>rate_limited</c>: a client cannot make up label values.
/// </summary>
public static class SignalingMessageMetrics
{
    public const string MeterName = "Sfu.Signaling.Messages";

    public const string Invalid = "invalid";

    public const string RateLimited = "rate_limited";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Messages = Meter.CreateCounter<long>(
        "sfu_signaling_messages_total", description: "Signaling messages received from clients, by type (invalid: refused by the parser; rate_limited: over the per-connection budget).");

    private static readonly FrozenDictionary<string, KeyValuePair<string, object?>> Tags = new[]
    {
        MessageTypes.Join, MessageTypes.Offer, MessageTypes.Answer, MessageTypes.Candidate, MessageTypes.Publish,
        MessageTypes.Unpublish, MessageTypes.Mute, MessageTypes.Chat, MessageTypes.Ping, MessageTypes.Leave, Invalid, RateLimited,
    }.ToFrozenDictionary(type => type, type => new KeyValuePair<string, object?>("type", type), StringComparer.Ordinal);

    /// <summary>Counts one message; a type outside the protocol counts as <see cref="Invalid"/>.</summary>
    public static void Count(string? type) =>
        Messages.Add(1, Tags.TryGetValue(type ?? Invalid, out KeyValuePair<string, object?> tag) ? tag : Tags[Invalid]);
}
