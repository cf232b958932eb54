using Microsoft.Extensions.Logging;
using Sfu.Transport;

namespace Sfu.Tests.Routing;

/// <summary>A failed DTLS handshake reaches the host's log once, as a warning with the reason and no stack trace.</summary>
public class RoomDtlsFailureLogTests
{
    [Fact]
    public void A_handshake_against_the_wrong_fingerprint_is_logged_as_a_warning_and_closes_the_transport()
    {
        var log = new RecordingLogger();
        var harness = new RoutingHarness(logger: log);
        ScriptedBrowser alice = harness.JoinBrowser("alice");
        alice.Publish(100);

        // The SDP named another certificate than the one the browser presents.
        alice.Participant.Transport.RemoteFingerprint = string.Join(':', Enumerable.Repeat("00", 32));
        alice.StartConnecting();
        harness.PumpUntil(() => alice.Participant.Transport.State == TransportState.Closed, "the transport to close");

        (LogLevel level, EventId id, string message, Exception? exception) = Assert.Single(log.Entries, e => e.Id.Id == 2022);
        Assert.Equal(LogLevel.Warning, level);
        Assert.Contains("alice", message);
        Assert.Contains("fingerprint", message);
        Assert.Null(exception);
        Assert.DoesNotContain(log.Entries, e => e.Level >= LogLevel.Error);
    }

    private sealed class RecordingLogger : ILogger
    {
        private readonly object _gate = new();
        private readonly List<(LogLevel Level, EventId Id, string Message, Exception? Exception)> _entries = [];

        public List<(LogLevel Level, EventId Id, string Message, Exception? Exception)> Entries
        {
            get
            {
                lock (_gate)
                {
                    return [.. _entries];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_gate)
            {
                _entries.Add((logLevel, eventId, formatter(state, exception), exception));
            }
        }
    }
}
