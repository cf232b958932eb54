using System.Buffers.Binary;
using System.Net;
using Sfu.Ice;
using Sfu.Wire.Stun;

namespace Sfu.Tests.Ice;

/// <summary>The responder and the client's response check must survive random and mutated input without throwing.</summary>
public class IceFuzzTests
{
    private const int Iterations = 100_000;

    [Fact]
    public void RandomBytes_NeverThrowAndNeverAuthenticate()
    {
        var peers = new IcePeers();
        SocketAddress address = IcePeers.Address("192.0.2.5", 7000);
        var random = new Random(8445);
        byte[] packet = new byte[160];
        byte[] response = new byte[IceBindingResponder.MaxResponseLength];
        for (int i = 0; i < Iterations; i++)
        {
            Span<byte> input = packet.AsSpan(0, random.Next(packet.Length + 1));
            random.NextBytes(input);
            if (i % 2 == 0 && input.Length >= 20)
            {
                input[0] = 0x00;
                input[1] = 0x01;
                BinaryPrimitives.WriteUInt16BigEndian(input.Slice(2), (ushort)((input.Length - 20) & ~3));
                BinaryPrimitives.WriteUInt32BigEndian(input.Slice(4), StunMessage.MagicCookie);
            }

            IceBindingResult result = IceBindingResponder.Respond(input, peers.Server, address, response, out int length, out _);

            Assert.NotEqual(IceBindingResult.Ok, result);
            Assert.InRange(length, 0, response.Length);
            peers.Client.CheckResponse(input, peers.TransactionId, out _);
        }
    }

    [Fact]
    public void MutatedValidRequests_NeverThrowAndOnlyAnswerAuthenticatedOnes()
    {
        var peers = new IcePeers();
        SocketAddress address = IcePeers.Address("2001:db8::5", 7000);
        byte[] original = peers.Request(useCandidate: true);
        var random = new Random(7675);
        byte[] packet = new byte[original.Length + 32];
        byte[] response = new byte[IceBindingResponder.MaxResponseLength];
        int ok = 0;
        for (int i = 0; i < Iterations; i++)
        {
            original.CopyTo(packet, 0);
            int length = original.Length;
            switch (random.Next(3))
            {
                case 0:
                    packet[random.Next(length)] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    length = random.Next(length);
                    break;
                default:
                    int extra = 4 * random.Next(1, 8);
                    random.NextBytes(packet.AsSpan(length, extra));
                    length += extra;
                    BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)(length - 20));
                    break;
            }

            IceBindingResult result = IceBindingResponder.Respond(packet.AsSpan(0, length), peers.Server, address, response, out int responseLength, out _);

            Assert.InRange(responseLength, 0, response.Length);
            if (result == IceBindingResult.Ok)
            {
                ok++;
                // Authentication covers everything up to and including MESSAGE-INTEGRITY (all but the last 8 bytes).
                Assert.True(packet.AsSpan(0, original.Length - 8).SequenceEqual(original.AsSpan(0, original.Length - 8)));
                Assert.Equal(IceResponseStatus.Success, peers.Client.CheckResponse(response.AsSpan(0, responseLength), peers.TransactionId, out _));
                Assert.True(StunMessage.TryRead(response.AsSpan(0, responseLength), out StunMessage answer));
                Assert.True(answer.TryGetXorMappedAddress(out IPEndPoint? mapped));
                Assert.Equal(7000, mapped!.Port);
            }

            peers.Client.CheckResponse(packet.AsSpan(0, length), peers.TransactionId, out _);
        }

        // Only a flip in the FINGERPRINT type can still pass: it becomes an unknown attribute after
        // MESSAGE-INTEGRITY, which RFC 5389 section 15.4 says to ignore. That is 16 of the message's bits.
        Assert.InRange(ok, 1, Iterations / 50);
    }
}
