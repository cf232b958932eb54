using System.Net;
using System.Security.Cryptography;
using System.Text;
using Sfu.Wire.Stun;

namespace Sfu.Tests.Wire.Stun;

/// <summary>RFC 5769 test vectors: every sample parses, verifies, and (where deterministic) our writer reproduces it byte for byte.</summary>
public class Rfc5769VectorTests
{
    private static readonly byte[] ShortTermKey = Encoding.UTF8.GetBytes(StunTestVectors.ShortTermPassword);

    // RFC 5769 section 2.4: key = MD5(username ":" realm ":" SASLprep(password)); SASLprep("TheMatrIX") is itself.
    private static readonly byte[] LongTermKey = MD5.HashData(Encoding.UTF8.GetBytes("\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9:example.org:TheMatrIX"));

    [Fact]
    public void SampleRequest_ParsesEveryAttribute()
    {
        Assert.True(StunMessage.TryRead(StunTestVectors.Request, out StunMessage msg));

        Assert.Equal(StunMessageType.BindingRequest, msg.Type);
        Assert.Equal(StunMessageClass.Request, msg.Class);
        Assert.Equal(0x001, msg.Method);
        Assert.True(msg.TransactionId.SequenceEqual(StunTestVectors.TransactionId));
        Assert.True(msg.TryGetAttribute(StunAttributeType.Software, out ReadOnlySpan<byte> software));
        Assert.Equal("STUN test client", Encoding.UTF8.GetString(software));
        Assert.True(msg.TryGetPriority(out uint priority));
        Assert.Equal(0x6e0001ffu, priority);
        Assert.True(msg.TryGetIceControlled(out ulong tieBreaker));
        Assert.Equal(0x932ff9b151263b36ul, tieBreaker);
        Assert.False(msg.TryGetIceControlling(out _));
        Assert.False(msg.HasUseCandidate);
        Assert.True(msg.TryGetUsername(out ReadOnlySpan<byte> username));
        Assert.Equal("evtj:h6vY", Encoding.UTF8.GetString(username));
    }

    [Fact]
    public void SampleRequest_IntegrityAndFingerprintVerify()
    {
        Assert.True(StunMessage.TryRead(StunTestVectors.Request, out StunMessage msg));

        Assert.True(msg.VerifyFingerprint());
        Assert.True(msg.VerifyMessageIntegrity(ShortTermKey));
        Assert.False(msg.VerifyMessageIntegrity("VOkJxbRl1RmTxUk/WvJxBu"u8));
    }

    [Fact]
    public void SampleIPv4Response_DecodesAddressAndVerifies()
    {
        Assert.True(StunMessage.TryRead(StunTestVectors.IPv4Response, out StunMessage msg));

        Assert.Equal(StunMessageType.BindingSuccessResponse, msg.Type);
        Assert.Equal(StunMessageClass.SuccessResponse, msg.Class);
        Assert.True(msg.TryGetXorMappedAddress(out IPEndPoint? endPoint));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853), endPoint);
        Assert.True(msg.VerifyMessageIntegrity(ShortTermKey));
        Assert.True(msg.VerifyFingerprint());
    }

    [Fact]
    public void SampleIPv6Response_DecodesAddressAndVerifies()
    {
        Assert.True(StunMessage.TryRead(StunTestVectors.IPv6Response, out StunMessage msg));

        Assert.True(msg.TryGetXorMappedAddress(out IPEndPoint? endPoint));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853), endPoint);
        Assert.True(msg.VerifyMessageIntegrity(ShortTermKey));
        Assert.True(msg.VerifyFingerprint());
    }

    [Fact]
    public void LongTermRequest_ParsesAndVerifiesWithMd5Key()
    {
        Assert.True(StunMessage.TryRead(StunTestVectors.LongTermRequest, out StunMessage msg));

        Assert.True(msg.TransactionId.SequenceEqual(StunTestVectors.FromHex("78 ad 34 33 c6 ad 72 c0 29 da 41 2e")));
        Assert.True(msg.TryGetUsername(out ReadOnlySpan<byte> username));
        Assert.Equal("\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9", Encoding.UTF8.GetString(username));
        Assert.True(msg.TryGetAttribute(StunAttributeType.Nonce, out ReadOnlySpan<byte> nonce));
        Assert.Equal("f//499k954d6OL34oL9FSTvy64sA", Encoding.UTF8.GetString(nonce));
        Assert.True(msg.TryGetAttribute(StunAttributeType.Realm, out ReadOnlySpan<byte> realm));
        Assert.Equal("example.org", Encoding.UTF8.GetString(realm));
        Assert.False(msg.HasFingerprint);
        Assert.False(msg.VerifyFingerprint());
        Assert.True(msg.VerifyMessageIntegrity(LongTermKey));
        Assert.False(msg.VerifyMessageIntegrity(ShortTermKey));
    }

    [Fact]
    public void Writer_ReproducesSampleRequest()
    {
        Span<byte> buffer = stackalloc byte[256];
        var writer = new StunWriter(buffer, StunMessageType.BindingRequest, StunTestVectors.TransactionId) { PaddingByte = 0x20 };
        writer.AddSoftware("STUN test client"u8);
        writer.AddPriority(0x6e0001ff);
        writer.AddIceControlled(0x932ff9b151263b36);
        writer.AddUsername("evtj:h6vY"u8);
        writer.AddMessageIntegrity(ShortTermKey);
        writer.AddFingerprint();

        Assert.False(writer.HasOverflowed);
        Assert.Equal(StunTestVectors.Request, writer.Written.ToArray());
    }

    [Fact]
    public void Writer_ReproducesSampleIPv4Response()
    {
        Span<byte> buffer = stackalloc byte[256];
        var writer = new StunWriter(buffer, StunMessageType.BindingSuccessResponse, StunTestVectors.TransactionId) { PaddingByte = 0x20 };
        writer.AddSoftware("test vector"u8);
        writer.AddXorMappedAddress(IPAddress.Parse("192.0.2.1"), 32853);
        writer.AddMessageIntegrity(ShortTermKey);
        writer.AddFingerprint();

        Assert.False(writer.HasOverflowed);
        Assert.Equal(StunTestVectors.IPv4Response, writer.Written.ToArray());
    }

    [Fact]
    public void Writer_ReproducesSampleIPv6ResponseFromSocketAddress()
    {
        var endPoint = new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853);
        Span<byte> buffer = stackalloc byte[256];
        var writer = new StunWriter(buffer, StunMessageType.BindingSuccessResponse, StunTestVectors.TransactionId) { PaddingByte = 0x20 };
        writer.AddSoftware("test vector"u8);
        writer.AddXorMappedAddress(endPoint.Serialize());
        writer.AddMessageIntegrity(ShortTermKey);
        writer.AddFingerprint();

        Assert.False(writer.HasOverflowed);
        Assert.Equal(StunTestVectors.IPv6Response, writer.Written.ToArray());
    }

    [Fact]
    public void Writer_ReproducesLongTermRequest()
    {
        Span<byte> buffer = stackalloc byte[256];
        var writer = new StunWriter(buffer, StunMessageType.BindingRequest, StunTestVectors.FromHex("78 ad 34 33 c6 ad 72 c0 29 da 41 2e"));
        writer.AddUsername(Encoding.UTF8.GetBytes("\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9"));
        writer.AddAttribute(StunAttributeType.Nonce, "f//499k954d6OL34oL9FSTvy64sA"u8);
        writer.AddAttribute(StunAttributeType.Realm, "example.org"u8);
        writer.AddMessageIntegrity(LongTermKey);

        Assert.False(writer.HasOverflowed);
        Assert.Equal(StunTestVectors.LongTermRequest, writer.Written.ToArray());
    }
}
