namespace LoadGen.Janus;

/// <summary>
/// A refusal from Janus: a core error (<c>{"janus":"error","error":{"code","reason"}}</c>, e.g. 458 no such session) or a
/// VideoRoom plugin error (<c>plugindata.data.error_code</c>/<c>error</c>, e.g. 426 no such room), or a reply that is not
/// the shape the request needs (code 0).
/// </summary>
internal sealed class JanusException(string request, int code, string reason)
    : Exception($"janus {request} failed: {code} {reason}")
{
    public string Request { get; } = request;

    public int Code { get; } = code;

    public string Reason { get; } = reason;
}
