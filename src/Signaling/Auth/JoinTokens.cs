using System.Buffers.Text;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Signaling.Protocol;

namespace Signaling.Auth;

public enum JoinTokenStatus
{
    Valid,
    Malformed,
    BadSignature,
    Expired,
    InvalidClaims,
}

/// <summary>
/// Signed meeting tokens: <c>base64url(payload JSON) "." base64url(HMAC-SHA256(key, payload part))</c>.
/// The MAC covers the encoded payload exactly as sent, so nothing is re-serialized before checking it.
/// </summary>
public sealed class JoinTokens
{
    public const int MinKeyBytes = 16;

    private readonly byte[] _key;
    private readonly TimeProvider _time;

    public JoinTokens(ReadOnlySpan<byte> key, TimeProvider time)
    {
        if (key.Length < MinKeyBytes)
        {
            throw new ArgumentException($"the token key needs at least {MinKeyBytes} bytes", nameof(key));
        }

        _key = key.ToArray();
        _time = time;
    }

    /// <summary>From configuration: the UTF-8 bytes of <paramref name="configuredKey"/>, or 32 random bytes when it is empty.</summary>
    public static JoinTokens Create(string? configuredKey, TimeProvider time) =>
        string.IsNullOrEmpty(configuredKey)
            ? new JoinTokens(RandomNumberGenerator.GetBytes(32), time)
            : new JoinTokens(Encoding.UTF8.GetBytes(configuredKey), time);

    public string Issue(string room, string name, string? participantId, TimeSpan lifetime)
    {
        long exp = _time.GetUtcNow().Add(lifetime).ToUnixTimeSeconds();
        return Issue(new JoinTokenPayload(room, name, participantId, exp));
    }

    public string Issue(JoinTokenPayload payload)
    {
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(payload, SignalingJsonContext.Default.JoinTokenPayload);
        string encodedPayload = Base64Url.EncodeToString(json);
        byte[] mac = HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(encodedPayload));
        return encodedPayload + "." + Base64Url.EncodeToString(mac);
    }

    /// <summary>Checks format, signature (constant time), expiry and the claims; never throws on bad input.</summary>
    public JoinTokenStatus Validate(string? token, out JoinTokenPayload? payload)
    {
        payload = null;
        if (string.IsNullOrEmpty(token) || token.Length > 4096)
        {
            return JoinTokenStatus.Malformed;
        }

        int dot = token.IndexOf('.');
        if (dot <= 0 || dot != token.LastIndexOf('.'))
        {
            return JoinTokenStatus.Malformed;
        }

        string encodedPayload = token[..dot];
        byte[]? givenMac = TryDecode(token.AsSpan(dot + 1));
        byte[]? json = TryDecode(encodedPayload);
        if (givenMac is null || json is null)
        {
            return JoinTokenStatus.Malformed;
        }

        // The signature must be exactly the canonical encoding of the MAC, compared in constant time: the base64url
        // decoder skips whitespace and ignores the unused low bits of the last character, so comparing decoded bytes
        // would accept many spellings of one signature (a token could be altered and still pass).
        string expectedSignature = Base64Url.EncodeToString(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(encodedPayload)));
        if (!CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(expectedSignature.AsSpan()), MemoryMarshal.AsBytes(token.AsSpan(dot + 1))))
        {
            return JoinTokenStatus.BadSignature;
        }

        JoinTokenPayload? decoded;
        try
        {
            decoded = JsonSerializer.Deserialize(json, SignalingJsonContext.Default.JoinTokenPayload);
        }
        catch (JsonException)
        {
            return JoinTokenStatus.Malformed;
        }

        if (decoded is null)
        {
            return JoinTokenStatus.Malformed;
        }

        if (decoded.Exp <= _time.GetUtcNow().ToUnixTimeSeconds())
        {
            return JoinTokenStatus.Expired;
        }

        if (!MeetingNames.IsValidRoomCode(decoded.Room)
            || !MeetingNames.TryNormalizeName(decoded.Name, out string name) || name != decoded.Name
            || (decoded.ParticipantId is not null && !MeetingNames.IsValidParticipantId(decoded.ParticipantId)))
        {
            return JoinTokenStatus.InvalidClaims;
        }

        payload = decoded;
        return JoinTokenStatus.Valid;
    }

    private static byte[]? TryDecode(ReadOnlySpan<char> base64Url)
    {
        if (base64Url.IsEmpty || !Base64Url.IsValid(base64Url))
        {
            return null;
        }

        try
        {
            return Base64Url.DecodeFromChars(base64Url);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
