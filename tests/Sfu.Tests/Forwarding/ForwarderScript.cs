using System.Globalization;
using Sfu.Diagnostics;
using Sfu.Forwarding;
using Sfu.Streams;

namespace Sfu.Tests.Forwarding;

/// <summary>
/// Runs a forwarder through a script of steps, one per ';', and asserts every decision. Steps:
/// <c>pause</c>, <c>resume</c>, or a packet <c>SRC SEQ [ts=N] [t=MS] [key] [pad] -> EXPECT</c> where SRC is a
/// letter (A = 0xA, B = 0xB, ...), t is the absolute time in ms (default: the previous step's), and EXPECT is
/// <c>drop Reason [+req]</c> or <c>SEQ[/TS] [key] [sw] [+req]</c>. Flags are compared exactly.
/// </summary>
internal static class ForwarderScript
{
    public const uint OutgoingSsrc = 0x5500;

    public static void Run(Forwarder forwarder, int clockRate, string script)
    {
        long nowMs = 0;
        int stepNumber = 0;
        foreach (string rawStep in script.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            stepNumber++;
            if (rawStep == "pause")
            {
                forwarder.Pause();
                continue;
            }

            if (rawStep == "resume")
            {
                forwarder.Resume();
                continue;
            }

            string[] halves = rawStep.Split("->", StringSplitOptions.TrimEntries);
            Assert.True(halves.Length == 2, $"step {stepNumber} '{rawStep}' needs '->'");
            IncomingPacketInfo packet = ParsePacket(halves[0], clockRate, ref nowMs);
            ForwardDecision decision = forwarder.Decide(packet, nowMs * MediaTime.TicksPerMillisecond);
            AssertExpectation(halves[1], decision, $"step {stepNumber} '{rawStep}'");
        }
    }

    private static IncomingPacketInfo ParsePacket(string text, int clockRate, ref long nowMs)
    {
        string[] tokens = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        uint ssrc = (uint)(0xA + (tokens[0][0] - 'A'));
        ushort seq = ushort.Parse(tokens[1], CultureInfo.InvariantCulture);
        uint ts = 0;
        bool key = false;
        int payloadLength = 100;
        foreach (string token in tokens.AsSpan(2))
        {
            if (token.StartsWith("ts=", StringComparison.Ordinal))
            {
                ts = uint.Parse(token.AsSpan(3), CultureInfo.InvariantCulture);
            }
            else if (token.StartsWith("t=", StringComparison.Ordinal))
            {
                nowMs = long.Parse(token.AsSpan(2), CultureInfo.InvariantCulture);
            }
            else if (token == "key")
            {
                key = true;
            }
            else if (token == "pad")
            {
                payloadLength = 0;
            }
            else
            {
                Assert.Fail($"unknown packet token '{token}'");
            }
        }

        return new IncomingPacketInfo(ssrc, seq, ts, Marker: false, key, payloadLength, clockRate);
    }

    private static void AssertExpectation(string text, ForwardDecision decision, string where)
    {
        string[] tokens = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        ForwardFlags expectedFlags = ForwardFlags.None;
        if (tokens[0] == "drop")
        {
            DropReason reason = Enum.Parse<DropReason>(tokens[1]);
            expectedFlags = ParseFlags(tokens.AsSpan(2));
            Assert.False(decision.ShouldForward, $"{where}: expected a drop, got seq {decision.NewSequenceNumber}");
            Assert.Equal((reason, expectedFlags), (decision.DropReason, decision.Flags));
            return;
        }

        string[] numbers = tokens[0].Split('/');
        expectedFlags = ParseFlags(tokens.AsSpan(1));
        Assert.True(decision.ShouldForward, $"{where}: expected a forward, got drop {decision.DropReason}");
        Assert.Equal(DropReason.None, decision.DropReason);
        Assert.Equal(OutgoingSsrc, decision.NewSsrc);
        Assert.Equal(ushort.Parse(numbers[0], CultureInfo.InvariantCulture), decision.NewSequenceNumber);
        if (numbers.Length > 1)
        {
            Assert.Equal(uint.Parse(numbers[1], CultureInfo.InvariantCulture), decision.NewTimestamp);
        }

        Assert.True(expectedFlags == decision.Flags, $"{where}: flags {decision.Flags}, expected {expectedFlags}");
    }

    private static ForwardFlags ParseFlags(ReadOnlySpan<string> tokens)
    {
        ForwardFlags flags = ForwardFlags.None;
        foreach (string token in tokens)
        {
            flags |= token switch
            {
                "key" => ForwardFlags.IsKeyframe,
                "sw" => ForwardFlags.SwitchedSource,
                "+req" => ForwardFlags.RequestKeyframe,
                _ => throw new ArgumentException($"unknown flag '{token}'"),
            };
        }

        return flags;
    }
}
