using System.Text.Json;
using System.Text.Unicode;
using System.Text.Json.Serialization.Metadata;

namespace Signaling.Protocol;

/// <summary>The outcome of parsing one client message: either <see cref="Message"/> or <see cref="Error"/>.</summary>
public readonly record struct ParseResult(string? Type, ClientMessage? Message, ProtocolError? Error, string? RequestId)
{
    public bool Ok => Message is not null;
}

/// <summary>
/// Turns one WebSocket text message into a typed <see cref="ClientMessage"/>. Never throws on bad input: syntax errors
/// become <c>bad_json</c>, an unknown <c>type</c> <c>unknown_type</c>, wrong or missing fields <c>bad_request</c>
/// naming the field. This is the signaling path, not the packet path, so a JsonDocument per message is fine.
/// </summary>
public static class MessageParser
{
    public const int MaxRequestIdLength = 64;

    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 16,
    };

    private static readonly Dictionary<string, JsonTypeInfo> TypeInfos = new(StringComparer.Ordinal)
    {
        [MessageTypes.Join] = SignalingJsonContext.Default.JoinMessage,
        [MessageTypes.Offer] = SignalingJsonContext.Default.SdpMessage,
        [MessageTypes.Answer] = SignalingJsonContext.Default.SdpMessage,
        [MessageTypes.Candidate] = SignalingJsonContext.Default.CandidateMessage,
        [MessageTypes.Publish] = SignalingJsonContext.Default.PublishMessage,
        [MessageTypes.Unpublish] = SignalingJsonContext.Default.UnpublishMessage,
        [MessageTypes.Mute] = SignalingJsonContext.Default.MuteMessage,
        [MessageTypes.Chat] = SignalingJsonContext.Default.ChatMessage,
        [MessageTypes.Ping] = SignalingJsonContext.Default.EmptyMessage,
        [MessageTypes.Leave] = SignalingJsonContext.Default.EmptyMessage,
        [MessageTypes.VideoPreferences] = SignalingJsonContext.Default.VideoPreferencesMessage,
    };

    public static IReadOnlyCollection<string> KnownTypes => TypeInfos.Keys;

    public static ParseResult Parse(ReadOnlySpan<byte> utf8Json)
    {
        // The reader checks the JSON grammar eagerly but the UTF-8 inside strings only when they are read.
        if (!Utf8.IsValid(utf8Json))
        {
            return Fail(new ProtocolError(ErrorCodes.BadJson, "not valid UTF-8"), null);
        }

        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
            document = JsonDocument.ParseValue(ref reader);
            if (reader.Read())
            {
                document.Dispose();
                return Fail(new ProtocolError(ErrorCodes.BadJson, "unexpected data after the JSON value"), null);
            }
        }
        catch (JsonException e)
        {
            return Fail(new ProtocolError(ErrorCodes.BadJson, $"not valid JSON: {FirstLine(e.Message)}"), null);
        }

        using (document)
        {
            return ParseDocument(document.RootElement);
        }
    }

    private static ParseResult ParseDocument(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Fail(new ProtocolError(ErrorCodes.BadJson, "a message must be a JSON object"), null);
        }

        string? requestId = null;
        if (root.TryGetProperty("id", out JsonElement idElement) && idElement.ValueKind != JsonValueKind.Null)
        {
            if (idElement.ValueKind != JsonValueKind.String)
            {
                return Fail(ProtocolError.BadField("id", "'id' must be a string"), null);
            }

            requestId = idElement.GetString()!;
            if (requestId.Length > MaxRequestIdLength)
            {
                return Fail(ProtocolError.BadField("id", $"'id' is longer than {MaxRequestIdLength} characters"), null);
            }
        }

        if (!root.TryGetProperty("type", out JsonElement typeElement) || typeElement.ValueKind != JsonValueKind.String)
        {
            return Fail(ProtocolError.BadField("type", "'type' is required and must be a string"), requestId);
        }

        string type = typeElement.GetString()!;
        if (!TypeInfos.TryGetValue(type, out JsonTypeInfo? typeInfo))
        {
            string shown = type.Length > 32 ? type[..32] + "..." : type;
            return Fail(new ProtocolError(ErrorCodes.UnknownType, $"unknown message type \"{shown}\""), requestId);
        }

        ClientMessage message;
        try
        {
            message = (ClientMessage)root.Deserialize(typeInfo)!;
        }
        catch (JsonException e)
        {
            string field = FieldOf(e.Path);
            return Fail(ProtocolError.BadField(field, $"'{field}' has the wrong type"), requestId);
        }

        ProtocolError? invalid = message.Validate();
        return invalid is null ? new ParseResult(type, message, null, requestId) : Fail(invalid, requestId);
    }

    private static ParseResult Fail(ProtocolError error, string? requestId) => new(null, null, error, requestId);

    /// <summary>"$.candidate.sdpMLineIndex" -> "candidate.sdpMLineIndex".</summary>
    private static string FieldOf(string? jsonPath)
    {
        if (string.IsNullOrEmpty(jsonPath) || jsonPath == "$")
        {
            return "$";
        }

        return jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath;
    }

    private static string FirstLine(string text)
    {
        int end = text.IndexOf('\n');
        return end < 0 ? text : text[..end].TrimEnd();
    }
}
