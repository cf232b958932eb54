using System.Text;
using Signaling.Protocol;

namespace Signaling.Tests.Protocol;

public class MessageParserTests
{
    private const string Sdp = "v=0\\r\\no=- 1 1 IN IP4 0.0.0.0\\r\\n";

    private static ParseResult Parse(string json) => MessageParser.Parse(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void JoinWithTokenAndRequestId()
    {
        ParseResult result = Parse("""{"type":"join","id":"r1","token":"abc.def"}""");

        Assert.True(result.Ok);
        Assert.Equal("join", result.Type);
        Assert.Equal("r1", result.RequestId);
        var join = Assert.IsType<JoinMessage>(result.Message);
        Assert.Equal("abc.def", join.Token);
        Assert.Equal("r1", join.Id);
    }

    [Fact]
    public void PublishCarriesTrackMetadata()
    {
        var publish = Assert.IsType<PublishMessage>(Parse(
            """{"type":"publish","trackId":"t-1","streamId":"s-1","kind":"video","source":"camera","muted":true}""").Message);

        Assert.Equal(("t-1", "s-1", "video", "camera", true), (publish.TrackId, publish.StreamId, publish.Kind, publish.Source, publish.Muted));
    }

    [Fact]
    public void CandidateAsBrowsersSendIt()
    {
        var candidate = Assert.IsType<CandidateMessage>(Parse(
            """{"type":"candidate","candidate":{"candidate":"candidate:1 1 udp 2122260223 192.0.2.1 54400 typ host","sdpMid":"0","sdpMLineIndex":0,"usernameFragment":"abcd"}}""").Message);

        Assert.Equal("0", candidate.Candidate!.SdpMid);
        Assert.Equal(0, candidate.Candidate.SdpMLineIndex);
    }

    [Fact]
    public void EndOfCandidatesIsAccepted() =>
        Assert.True(Parse("""{"type":"candidate","candidate":{"candidate":"","sdpMid":"0"}}""").Ok);

    [Theory]
    [InlineData("""{"type":"ping"}""", "ping")]
    [InlineData("""{"type":"leave"}""", "leave")]
    [InlineData("""{"type":"offer","sdp":"v=0\r\n"}""", "offer")]
    [InlineData("""{"type":"answer","sdp":"v=0\r\n"}""", "answer")]
    [InlineData("""{"type":"unpublish","trackId":"t"}""", "unpublish")]
    [InlineData("""{"type":"mute","trackId":"t","muted":false}""", "mute")]
    [InlineData("""{"type":"chat","text":"hi"}""", "chat")]
    [InlineData("""{"type":"join","resumeToken":"xyz"}""", "join")]
    [InlineData("""{"type":"ping","id":null,"extra":{"ignored":[1,2]}}""", "ping")]
    public void ValidMessages(string json, string type)
    {
        ParseResult result = Parse(json);
        Assert.True(result.Ok, result.Error?.Message);
        Assert.Equal(type, result.Type);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("not json")]
    [InlineData("""{"type":"ping",}""")]
    [InlineData("""{"type":"ping"} {"type":"ping"}""")]
    [InlineData("""{"type":"ping"} x""")]
    [InlineData("[]")]
    [InlineData("\"ping\"")]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("""{"type":"ping"/*c*/}""")]
    public void BadJson(string json) => AssertError(Parse(json), ErrorCodes.BadJson, null);

    [Fact]
    public void InvalidUtf8IsBadJson() =>
        AssertError(MessageParser.Parse([(byte)'{', (byte)'"', 0xFF, 0xFE, (byte)'"', (byte)':', (byte)'1', (byte)'}']), ErrorCodes.BadJson, null);

    [Fact]
    public void TooDeepIsBadJson() =>
        AssertError(Parse("{\"type\":\"ping\",\"x\":" + new string('[', 40) + new string(']', 40) + "}"), ErrorCodes.BadJson, null);

    [Theory]
    [InlineData("""{"type":"dance"}""")]
    [InlineData("""{"type":"Join"}""")]
    [InlineData("""{"type":""}""")]
    public void UnknownType(string json) => AssertError(Parse(json), ErrorCodes.UnknownType, null);

    [Fact]
    public void UnknownTypeEchoesTheRequestId()
    {
        ParseResult result = Parse("""{"type":"dance","id":"q7"}""");
        Assert.Equal("q7", result.RequestId);
    }

    [Theory]
    [InlineData("""{"id":"1"}""", "type")]
    [InlineData("""{"type":5}""", "type")]
    [InlineData("""{"type":null}""", "type")]
    [InlineData("""{"type":"ping","id":7}""", "id")]
    [InlineData("""{"type":"join"}""", "token")]
    [InlineData("""{"type":"join","token":""}""", "token")]
    [InlineData("""{"type":"join","token":42}""", "token")]
    [InlineData("""{"type":"offer"}""", "sdp")]
    [InlineData("""{"type":"offer","sdp":"hello"}""", "sdp")]
    [InlineData("""{"type":"answer","sdp":["v=0"]}""", "sdp")]
    [InlineData("""{"type":"candidate"}""", "candidate")]
    [InlineData("""{"type":"candidate","candidate":"candidate:1"}""", "candidate")]
    [InlineData("""{"type":"candidate","candidate":{}}""", "candidate.candidate")]
    [InlineData("""{"type":"candidate","candidate":{"candidate":"typ host"}}""", "candidate.candidate")]
    [InlineData("""{"type":"candidate","candidate":{"candidate":"candidate:1 1 udp 1 1.2.3.4 5 typ host"}}""", "candidate.sdpMid")]
    [InlineData("""{"type":"candidate","candidate":{"candidate":"","sdpMLineIndex":"0"}}""", "candidate.sdpMLineIndex")]
    [InlineData("""{"type":"candidate","candidate":{"candidate":"candidate:1","sdpMLineIndex":-1}}""", "candidate.sdpMLineIndex")]
    [InlineData("""{"type":"publish","streamId":"s","kind":"audio","source":"microphone"}""", "trackId")]
    [InlineData("""{"type":"publish","trackId":"t","kind":"audio","source":"microphone"}""", "streamId")]
    [InlineData("""{"type":"publish","trackId":"t t","streamId":"s","kind":"audio","source":"microphone"}""", "trackId")]
    [InlineData("""{"type":"publish","trackId":"t","streamId":"s","kind":"data","source":"microphone"}""", "kind")]
    [InlineData("""{"type":"publish","trackId":"t","streamId":"s","kind":"audio","source":"webcam"}""", "source")]
    [InlineData("""{"type":"publish","trackId":"t","streamId":"s","kind":"audio","source":"camera"}""", "source")]
    [InlineData("""{"type":"publish","trackId":"t","streamId":"s","kind":"video","source":"microphone"}""", "source")]
    [InlineData("""{"type":"publish","trackId":"t","streamId":"s","kind":"video","source":"camera","muted":"yes"}""", "muted")]
    [InlineData("""{"type":"unpublish"}""", "trackId")]
    [InlineData("""{"type":"mute","trackId":"t"}""", "muted")]
    [InlineData("""{"type":"mute","trackId":"t","muted":1}""", "muted")]
    [InlineData("""{"type":"chat"}""", "text")]
    [InlineData("""{"type":"chat","text":"   "}""", "text")]
    [InlineData("""{"type":"chat","text":{"a":1}}""", "text")]
    public void BadRequestNamesTheField(string json, string field) => AssertError(Parse(json), ErrorCodes.BadRequest, field);

    [Fact]
    public void OverlongIdsAreRefused()
    {
        AssertError(Parse($$"""{"type":"ping","id":"{{new string('x', 65)}}"}"""), ErrorCodes.BadRequest, "id");
        AssertError(Parse($$"""{"type":"publish","trackId":"{{new string('t', 65)}}","streamId":"s","kind":"audio","source":"microphone"}"""), ErrorCodes.BadRequest, "trackId");
    }

    [Fact]
    public void ScreenMayCarryAudio() =>
        Assert.True(Parse("""{"type":"publish","trackId":"t","streamId":"s","kind":"audio","source":"screen"}""").Ok);

    [Fact]
    public void RandomAndMutatedInputsNeverThrow()
    {
        string[] valid =
        [
            """{"type":"join","id":"1","token":"abc.def","resumeToken":"r"}""",
            """{"type":"publish","trackId":"t-1","streamId":"s-1","kind":"video","source":"camera","muted":true}""",
            """{"type":"candidate","candidate":{"candidate":"candidate:1 1 udp 1 1.2.3.4 5 typ host","sdpMid":"0","sdpMLineIndex":0}}""",
            $$"""{"type":"offer","sdp":"{{Sdp}}"}""",
            """{"type":"mute","trackId":"t","muted":false}""",
            """{"type":"chat","text":"hello \u00e9"}""",
        ];
        var random = new Random(4321);
        int ok = 0;
        for (int i = 0; i < 100_000; i++)
        {
            byte[] input;
            if (i % 2 == 0)
            {
                input = new byte[random.Next(0, 160)];
                random.NextBytes(input);
            }
            else
            {
                input = Encoding.UTF8.GetBytes(valid[i % valid.Length]);
                int mutations = random.Next(1, 4);
                for (int m = 0; m < mutations; m++)
                {
                    input[random.Next(input.Length)] = (byte)random.Next(256);
                }
            }

            ParseResult result = MessageParser.Parse(input);
            Assert.True(result.Ok ^ (result.Error is not null));
            ok += result.Ok ? 1 : 0;
        }

        Assert.InRange(ok, 1, 50_000); // some mutations land in string values and stay valid; random bytes never do
    }

    private static void AssertError(ParseResult result, string code, string? field)
    {
        Assert.False(result.Ok);
        Assert.Null(result.Message);
        Assert.Equal(code, result.Error!.Code);
        Assert.Equal(field, result.Error.Field);
        Assert.False(string.IsNullOrEmpty(result.Error.Message));
    }
}
