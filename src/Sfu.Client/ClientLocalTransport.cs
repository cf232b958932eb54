namespace Sfu.Client;

/// <summary>The client's side of the transport written into every description it makes.</summary>
/// <param name="IceUfrag">Our ICE ufrag (RFC 8839 section 5.4).</param>
/// <param name="IcePwd">Our ICE pwd.</param>
/// <param name="Fingerprint">SHA-256 fingerprint of our DTLS certificate, "AB:CD:.." (RFC 8122 section 5).</param>
/// <param name="Address">Our socket's address, announced as a host candidate.</param>
/// <param name="Port">Our socket's port.</param>
/// <param name="StreamId">The msid stream id of every track we publish: our participant id.</param>
internal sealed record ClientLocalTransport(string IceUfrag, string IcePwd, string Fingerprint, string Address, int Port, string StreamId);
