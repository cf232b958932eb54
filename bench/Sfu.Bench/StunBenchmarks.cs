using System.Net;
using BenchmarkDotNet.Attributes;
using Sfu.Ice;
using Sfu.Wire.Stun;

namespace Sfu.Bench;

/// <summary>
/// The ICE-lite hot path: a browser consent check every ~5 s per peer, answered on the packet loop.
/// Target: 0 B allocated per operation.
/// </summary>
[MemoryDiagnoser]
public class StunBenchmarks
{
    private readonly byte[] _response = new byte[IceBindingResponder.MaxResponseLength];
    private IceCredentials _server = null!;
    private byte[] _request = null!;
    private SocketAddress _remote = null!;

    [GlobalSetup]
    public void Setup()
    {
        _server = IceCredentials.CreateLocal();
        IceCredentials client = IceCredentials.CreateLocal();
        client.SetRemote(_server.LocalUfrag, _server.LocalPwd);
        byte[] transactionId = new byte[StunMessage.TransactionIdLength];
        IceClient.NewTransactionId(transactionId);
        byte[] buffer = new byte[256];
        int length = new IceClient(client).WriteBindingRequest(buffer, transactionId, priority: 0x6e0001ff, useCandidate: true);
        _request = buffer.AsSpan(0, length).ToArray();
        _remote = new IPEndPoint(IPAddress.Parse("192.0.2.33"), 51234).Serialize();
    }

    /// <summary>Parse, check FINGERPRINT, USERNAME and MESSAGE-INTEGRITY, write the signed success response.</summary>
    [Benchmark(Baseline = true)]
    public int ValidateAndRespond()
    {
        IceBindingResponder.Respond(_request, _server, _remote, _response, out int length, out _);
        return length;
    }

    /// <summary>Framing validation only, as the demultiplexer would do first.</summary>
    [Benchmark]
    public bool TryRead() => StunMessage.TryRead(_request, out _);

    /// <summary>The HMAC-SHA1 check alone, the dominant cost.</summary>
    [Benchmark]
    public bool VerifyMessageIntegrity()
    {
        StunMessage.TryRead(_request, out StunMessage message);
        return message.VerifyMessageIntegrity(_server.LocalPwdBytes);
    }
}
