namespace Sfu.Client;

/// <summary>A server offer or answer the client cannot apply; the message says why.</summary>
public sealed class ClientNegotiationException(string message) : Exception(message);
