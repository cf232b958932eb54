using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Signaling.Auth;
using Signaling.Tests.Fakes;

namespace Signaling.Tests.Auth;

public class JoinTokensTests
{
    private readonly FakeTimeProvider _time = new();

    private JoinTokens Tokens(string key = "test-key-0123456789abcdef") => new(Encoding.UTF8.GetBytes(key), _time);

    [Fact]
    public void IssuedTokenValidatesWithItsClaims()
    {
        string token = Tokens().Issue("team-sync", "Alice", null, TimeSpan.FromMinutes(10));

        Assert.Equal(JoinTokenStatus.Valid, Tokens().Validate(token, out JoinTokenPayload? payload));
        Assert.Equal("team-sync", payload!.Room);
        Assert.Equal("Alice", payload.Name);
        Assert.Null(payload.ParticipantId);
        Assert.Equal(_time.GetUtcNow().AddMinutes(10).ToUnixTimeSeconds(), payload.Exp);
    }

    [Fact]
    public void PayloadIsCompactJsonWithAnExplicitNullParticipant()
    {
        string token = Tokens().Issue("abc", "Bob", null, TimeSpan.FromMinutes(1));
        string json = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.AsSpan(0, token.IndexOf('.'))));

        Assert.Equal($"{{\"room\":\"abc\",\"name\":\"Bob\",\"participantId\":null,\"exp\":{_time.GetUtcNow().AddMinutes(1).ToUnixTimeSeconds()}}}", json);
    }

    [Fact]
    public void ParticipantIdClaimSurvives()
    {
        string token = Tokens().Issue("abc", "Bob", "user_42", TimeSpan.FromMinutes(1));

        Assert.Equal(JoinTokenStatus.Valid, Tokens().Validate(token, out JoinTokenPayload? payload));
        Assert.Equal("user_42", payload!.ParticipantId);
    }

    [Fact]
    public void SignatureIsHmacSha256OfTheEncodedPayload()
    {
        string token = Tokens().Issue("abc", "Bob", null, TimeSpan.FromMinutes(1));
        int dot = token.IndexOf('.');
        byte[] expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes("test-key-0123456789abcdef"), Encoding.ASCII.GetBytes(token[..dot]));

        Assert.Equal(Base64Url.EncodeToString(expected), token[(dot + 1)..]);
    }

    [Fact]
    public void TamperedPayloadIsRejected()
    {
        string token = Tokens().Issue("abc", "Bob", null, TimeSpan.FromMinutes(1));
        string forgedPayload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            $"{{\"room\":\"other\",\"name\":\"Bob\",\"participantId\":null,\"exp\":{_time.GetUtcNow().AddDays(1).ToUnixTimeSeconds()}}}"));
        string forged = forgedPayload + token[token.IndexOf('.')..];

        Assert.Equal(JoinTokenStatus.BadSignature, Tokens().Validate(forged, out JoinTokenPayload? payload));
        Assert.Null(payload);
    }

    [Fact]
    public void TamperedSignatureIsRejected()
    {
        string token = Tokens().Issue("abc", "Bob", null, TimeSpan.FromMinutes(1));
        char last = token[^2];
        string tampered = token[..^2] + (last == 'A' ? 'B' : 'A') + token[^1];

        Assert.Equal(JoinTokenStatus.BadSignature, Tokens().Validate(tampered, out _));
    }

    [Fact]
    public void ExpiredTokenIsRejected()
    {
        string token = Tokens().Issue("abc", "Bob", null, TimeSpan.FromMinutes(1));
        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(JoinTokenStatus.Valid, Tokens().Validate(token, out _));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(JoinTokenStatus.Expired, Tokens().Validate(token, out JoinTokenPayload? payload));
        Assert.Null(payload);
    }

    [Fact]
    public void TokenOfAnotherKeyIsRejected()
    {
        string token = Tokens("another-key-0123456789").Issue("abc", "Bob", null, TimeSpan.FromMinutes(1));

        Assert.Equal(JoinTokenStatus.BadSignature, Tokens().Validate(token, out _));
    }

    [Fact]
    public void SignedButInvalidClaimsAreRejected()
    {
        long exp = _time.GetUtcNow().AddMinutes(1).ToUnixTimeSeconds();

        Assert.Equal(JoinTokenStatus.InvalidClaims, Tokens().Validate(Tokens().Issue(new JoinTokenPayload("UPPER", "Bob", null, exp)), out _));
        Assert.Equal(JoinTokenStatus.InvalidClaims, Tokens().Validate(Tokens().Issue(new JoinTokenPayload("abc", " padded ", null, exp)), out _));
        Assert.Equal(JoinTokenStatus.InvalidClaims, Tokens().Validate(Tokens().Issue(new JoinTokenPayload("abc", "Bob", "bad id!", exp)), out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("nodot")]
    [InlineData("a.b.c")]
    [InlineData(".sig")]
    [InlineData("payload.")]
    [InlineData("!!!.###")]
    public void MalformedTokensAreRejected(string? token) =>
        Assert.Equal(JoinTokenStatus.Malformed, Tokens().Validate(token, out _));

    [Fact]
    public void ValidlySignedGarbagePayloadIsMalformed()
    {
        byte[] key = Encoding.UTF8.GetBytes("test-key-0123456789abcdef");
        string payload = Base64Url.EncodeToString("not json"u8);
        string token = payload + "." + Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(payload)));

        Assert.Equal(JoinTokenStatus.Malformed, Tokens().Validate(token, out _));
    }

    [Fact]
    public void ShortKeyIsRefused() =>
        Assert.Throws<ArgumentException>(() => new JoinTokens(new byte[15], _time));

    [Fact]
    public void RandomKeyWhenNotConfigured()
    {
        JoinTokens a = JoinTokens.Create(null, _time);
        JoinTokens b = JoinTokens.Create("", _time);
        string token = a.Issue("abc", "Bob", null, TimeSpan.FromMinutes(1));

        Assert.Equal(JoinTokenStatus.Valid, a.Validate(token, out _));
        Assert.Equal(JoinTokenStatus.BadSignature, b.Validate(token, out _));
    }

    [Fact]
    public void RandomAndMutatedTokensNeverThrowNorValidate()
    {
        JoinTokens tokens = Tokens();
        string valid = tokens.Issue("abc", "Bob", null, TimeSpan.FromMinutes(1));
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ";
        var random = new Random(1234);
        int validCount = 0;
        for (int i = 0; i < 100_000; i++)
        {
            char[] chars;
            if (i % 2 == 0)
            {
                chars = new char[random.Next(0, 200)];
                for (int j = 0; j < chars.Length; j++)
                {
                    chars[j] = i % 4 == 0 ? alphabet[random.Next(alphabet.Length)] : (char)random.Next(0, 0x3000);
                }
            }
            else
            {
                chars = valid.ToCharArray();
                int mutations = random.Next(1, 4);
                for (int m = 0; m < mutations; m++)
                {
                    chars[random.Next(chars.Length)] = alphabet[random.Next(alphabet.Length)];
                }
            }

            var text = new string(chars);
            if (tokens.Validate(text, out _) == JoinTokenStatus.Valid)
            {
                validCount++;
                Assert.Equal(valid, text); // only a no-op mutation may still validate
            }
        }

        Assert.InRange(validCount, 0, 2_000); // a mutation that rewrote a character with itself
    }
}
