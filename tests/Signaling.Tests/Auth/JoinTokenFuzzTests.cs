using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Signaling.Auth;
using Signaling.Protocol;
using Signaling.Tests.Fakes;

namespace Signaling.Tests.Auth;

/// <summary>
/// Thousands of random and mutated join tokens through the join path: never an exception, always <c>unauthorized</c>
/// with a reason and a 1008 close, and nothing left behind (no room, no seat, no media session).
/// </summary>
public class JoinTokenFuzzTests
{
    private const string Base64UrlAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private readonly SignalingHarness _h = new();
    private readonly Random _random = new(20260101);

    [Fact]
    public void NoMutatedOrRandomTokenGetsInOrLeavesAnythingBehind()
    {
        string valid = _h.Token();
        string other = _h.Token("room-2", "Bob", "p0123456789ab");
        var tried = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < 5000; i++)
        {
            string token = Mutate(valid, other, i);
            if (token.Length == 0 || token == valid || token == other || !tried.Add(token))
            {
                continue;
            }

            AssertRefused(token);
        }

        Assert.True(tried.Count > 3000, $"only {tried.Count} distinct tokens were tried");
        Assert.Equal(0, _h.Rooms.RoomCount);
        Assert.Equal(0, _h.Rooms.ParticipantCount);
        Assert.Empty(_h.Engine.Peers);
    }

    [Fact]
    public void TokensOfAnotherKeyExpiredOnesAndForgedClaimsAreRefused()
    {
        var otherKey = new JoinTokens(Encoding.UTF8.GetBytes("another-key-0123456789abcdef"), _h.Time);
        AssertRefused(otherKey.Issue("room-1", "Alice", null, TimeSpan.FromHours(1)));

        string expiring = _h.Tokens.Issue("room-1", "Alice", null, TimeSpan.FromSeconds(30));
        _h.Time.Advance(TimeSpan.FromMinutes(1));
        AssertRefused(expiring);

        // A signed payload with claims the server never issues (a bad room code, a control character in the name).
        AssertRefused(_h.Tokens.Issue(new JoinTokenPayload("Not A Room", "Alice", null, long.MaxValue)));
        AssertRefused(_h.Tokens.Issue(new JoinTokenPayload("room-1", "Ali\u0001ce", null, long.MaxValue)));
        Assert.Equal(0, _h.Rooms.RoomCount);
        Assert.Empty(_h.Engine.Peers);
    }

    [Fact]
    public void OnlyTheCanonicalSpellingOfTheSignatureIsAccepted()
    {
        // Found by the fuzzing above: the base64url decoder skips whitespace and the unused low bits of the last
        // character, so a token compared by its decoded signature had other spellings that were accepted too.
        string valid = _h.Token();
        int dot = valid.IndexOf('.');
        char last = valid[^1];
        char sibling = Base64UrlAlphabet[Base64UrlAlphabet.IndexOf(last) ^ 1];

        AssertRefused(valid[..(dot + 5)] + " " + valid[(dot + 5)..]);
        AssertRefused(valid + "\n");
        AssertRefused(valid[..^1] + sibling);
        Assert.Empty(_h.Engine.Peers);
    }

    private void AssertRefused(string token)
    {
        SignalingHarness.Client client = _h.Connect();
        client.Send(new { type = "join", id = "j", token });

        Assert.True(client.Sink.OfType("error").Count == 1, $"token '{Shorten(token)}' got {string.Join(", ", client.Sink.Messages)}");
        JsonElement error = client.Sink.Single("error");
        Assert.True(error.GetProperty("code").GetString() == ErrorCodes.Unauthorized, $"token '{Shorten(token)}' got {error}");
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        Assert.Equal("j", error.GetProperty("id").GetString());
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, client.Sink.ClosedWith);
        Assert.Empty(client.Sink.OfType("joined"));
    }

    /// <summary>One mutation of a valid token (or pure garbage), chosen by <paramref name="i"/> so every kind is covered.</summary>
    private string Mutate(string valid, string other, int i)
    {
        int dot = valid.IndexOf('.');
        switch (i % 10)
        {
            case 0: // one flipped bit of one character (ASCII or beyond)
                {
                    char[] chars = valid.ToCharArray();
                    int at = _random.Next(chars.Length);
                    chars[at] = (char)(chars[at] ^ (1 << _random.Next(i % 20 == 0 ? 16 : 7)));
                    return new string(chars);
                }

            case 1: // truncated
                return valid[.._random.Next(1, valid.Length)];
            case 2: // extra segments
                return valid + "." + RandomBase64(_random.Next(0, 40)) + (i % 3 == 0 ? "." + RandomBase64(8) : "");
            case 3: // the payload of one token with the signature of another
                return valid[..dot] + other[other.IndexOf('.')..];
            case 4: // base64 garbage around a dot
                return RandomBase64(_random.Next(1, 200)) + "." + RandomBase64(_random.Next(0, 60));
            case 5: // huge: a valid token repeated, or padded with base64 far beyond any real token
                return i % 20 == 5 ? string.Concat(Enumerable.Repeat(valid, _random.Next(20, 400))) : valid[..dot] + RandomBase64(_random.Next(4000, 70000)) + valid[dot..];
            case 6: // characters that are not base64url at all, including the standard alphabet's + / =
                return Insert(valid, "+/= \"\\\u00e9\u0000\ud83d\ude00"[_random.Next(10)].ToString());
            case 7: // a byte of the signature changed (every signature bit is checked, the encoding must not hide any)
                return valid[..(dot + 1)] + Reencode(valid[(dot + 1)..]);
            case 8: // a valid payload re-encoded with its claims changed but the old signature
                return Reencode(valid[..dot]) + valid[dot..];
            default: // random printable text, sometimes with a dot
                return RandomText(_random.Next(1, 300));
        }
    }

    /// <summary>Decodes base64url, changes one byte, encodes again.</summary>
    private string Reencode(string part)
    {
        byte[] bytes = System.Buffers.Text.Base64Url.DecodeFromChars(part);
        bytes[_random.Next(bytes.Length)] ^= (byte)(1 << _random.Next(8));
        return System.Buffers.Text.Base64Url.EncodeToString(bytes);
    }

    private string Insert(string text, string what) => text.Insert(_random.Next(text.Length + 1), what);

    private string RandomBase64(int length) =>
        string.Create(length, _random, static (span, random) =>
        {
            for (int i = 0; i < span.Length; i++)
            {
                span[i] = Base64UrlAlphabet[random.Next(Base64UrlAlphabet.Length)];
            }
        });

    private string RandomText(int length) =>
        string.Create(length, _random, static (span, random) =>
        {
            for (int i = 0; i < span.Length; i++)
            {
                span[i] = (char)random.Next(0x20, 0x7f);
            }
        });

    private static string Shorten(string token) => token.Length > 80 ? token[..80] + "..." : token;
}
