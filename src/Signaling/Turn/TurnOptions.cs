namespace Signaling.Turn;

/// <summary>
/// The "Turn" configuration section: a TURN server (coturn with <c>use-auth-secret</c>) that shares
/// <see cref="Secret"/> with this server, which hands each participant its own time-limited credential at join.
/// </summary>
public sealed class TurnOptions
{
    /// <summary>TURN URLs handed to browsers, e.g. <c>turn:turn.example.com:3478?transport=udp</c>, <c>turns:turn.example.com:5349</c>. Empty: no TURN.</summary>
    public List<string> Urls { get; set; } = [];

    /// <summary>coturn's <c>static-auth-secret</c>.</summary>
    public string Secret { get; set; } = string.Empty;

    /// <summary>How long a handed-out credential lets its participant allocate relays.</summary>
    public TimeSpan CredentialLifetime { get; set; } = TimeSpan.FromHours(12);

    public bool Enabled => Urls.Count > 0;

    /// <summary>What is wrong with these settings, one sentence each naming the setting.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        foreach (string url in Urls)
        {
            if (!url.StartsWith("turn:", StringComparison.OrdinalIgnoreCase) && !url.StartsWith("turns:", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"Turn:Urls entry '{url}' must start with turn: or turns: (STUN servers go in Signaling:IceServers).");
            }
        }

        if (Enabled && Secret.Length < 16)
        {
            problems.Add("Turn:Secret must be set (at least 16 characters, the same as coturn's static-auth-secret) when Turn:Urls are given.");
        }

        if (!Enabled && Secret.Length > 0)
        {
            problems.Add("Turn:Secret is set but Turn:Urls is empty: give the TURN server's URLs.");
        }

        if (CredentialLifetime <= TimeSpan.Zero || CredentialLifetime > TimeSpan.FromDays(7))
        {
            problems.Add($"Turn:CredentialLifetime must be between 00:00:01 and 7.00:00:00, not {CredentialLifetime}.");
        }

        return problems;
    }
}
