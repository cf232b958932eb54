using System.Text.Json;

namespace LoadGen.Janus;

/// <summary>
/// Reads the fields of one Janus JSON API message (https://janus.conf.meetecho.com/docs/rest.html) without trusting its
/// shape: every getter answers null when the field is missing or of another type, so a mutated reply becomes an error
/// report rather than an exception from deep inside a handler.
/// </summary>
internal static class JanusReply
{
    public static string? Kind(JsonElement root) => String(root, "janus");

    public static string? Transaction(JsonElement root) => String(root, "transaction");

    /// <summary>The handle an event is about (<c>sender</c>).</summary>
    public static long? Sender(JsonElement root) => Int64(root, "sender");

    /// <summary><c>data.id</c> of a create/attach success: the new session or handle id.</summary>
    public static long? DataId(JsonElement root) => Object(root, "data") is { } data ? Int64(data, "id") : null;

    /// <summary><c>plugindata.data</c>: what the plugin answered.</summary>
    public static JsonElement? PluginData(JsonElement root) =>
        Object(root, "plugindata") is { } plugin ? Object(plugin, "data") : null;

    /// <summary>The SDP of a <c>jsep</c> of the given type ("offer" or "answer").</summary>
    public static string? JsepSdp(JsonElement root, string type) =>
        Object(root, "jsep") is { } jsep && String(jsep, "type") == type ? String(jsep, "sdp") : null;

    /// <summary>A core error (<c>janus: error</c>) or a plugin error (<c>error_code</c> in plugindata), else null.</summary>
    public static (int Code, string Reason)? Error(JsonElement root)
    {
        if (Kind(root) == "error")
        {
            JsonElement? error = Object(root, "error");
            return ((int)(error is { } e ? Int64(e, "code") ?? 0 : 0), error is { } r ? String(r, "reason") ?? "" : "no reason given");
        }

        if (PluginData(root) is { } data && Int64(data, "error_code") is { } code)
        {
            return ((int)code, String(data, "error") ?? "");
        }

        return null;
    }

    public static JsonElement? Object(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Object ? value : null;

    public static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static long? Int64(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value)
            && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long number) ? number : null;
}
