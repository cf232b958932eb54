using System.Text;
using Signaling.Protocol;

namespace Signaling.Tests.Protocol;

public class VideoPreferencesMessageTests
{
    [Fact]
    public void A_valid_set_parses_with_defaults_for_visible_and_pinned()
    {
        ParseResult result = Parse("""
            {"type":"videoPreferences","tracks":[
              {"participantId":"p1","trackId":"t1","width":320,"height":180,"visible":true,"pinned":false},
              {"participantId":"p2","trackId":"t2","width":1920,"height":1080,"pinned":true},
              {"participantId":"p3","trackId":"t3","width":0,"height":0,"visible":false}]}
            """);

        Assert.True(result.Ok, result.Error?.Message);
        var message = (VideoPreferencesMessage)result.Message!;
        Assert.Equal(3, message.Tracks!.Count);
        Assert.Equal(("p1", "t1", 320, 180, true, false), (message.Tracks[0]!.ParticipantId, message.Tracks[0]!.TrackId, message.Tracks[0]!.Width, message.Tracks[0]!.Height, message.Tracks[0]!.Visible, message.Tracks[0]!.Pinned));
        Assert.Null(message.Tracks[1]!.Visible);
        Assert.True(message.Tracks[1]!.Pinned);
        Assert.False(message.Tracks[2]!.Visible);
    }

    [Fact]
    public void An_empty_set_is_valid() => Assert.True(Parse("""{"type":"videoPreferences","tracks":[]}""").Ok);

    [Theory]
    [InlineData("""{"type":"videoPreferences"}""", "tracks")]
    [InlineData("""{"type":"videoPreferences","tracks":null}""", "tracks")]
    [InlineData("""{"type":"videoPreferences","tracks":{}}""", "tracks")]
    [InlineData("""{"type":"videoPreferences","tracks":[null]}""", "tracks[0]")]
    [InlineData("""{"type":"videoPreferences","tracks":[{"trackId":"t","width":1,"height":1}]}""", "tracks[0].participantId")]
    [InlineData("""{"type":"videoPreferences","tracks":[{"participantId":"p","width":1,"height":1}]}""", "tracks[0].trackId")]
    [InlineData("""{"type":"videoPreferences","tracks":[{"participantId":"p","trackId":"t","height":1}]}""", "tracks[0].width")]
    [InlineData("""{"type":"videoPreferences","tracks":[{"participantId":"p","trackId":"t","width":1}]}""", "tracks[0].height")]
    [InlineData("""{"type":"videoPreferences","tracks":[{"participantId":"p","trackId":"t","width":-1,"height":1}]}""", "tracks[0].width")]
    [InlineData("""{"type":"videoPreferences","tracks":[{"participantId":"p","trackId":"t","width":1,"height":16385}]}""", "tracks[0].height")]
    [InlineData("""{"type":"videoPreferences","tracks":[{"participantId":"p","trackId":"t","width":1,"height":1},{"participantId":"p","trackId":"t","width":99999999,"height":1}]}""", "tracks[1].width")]
    [InlineData("""{"type":"videoPreferences","tracks":[{"participantId":"p","trackId":"t","width":"320","height":1}]}""", "tracks[0].width")]
    [InlineData("""{"type":"videoPreferences","tracks":[{"participantId":"p","trackId":"t","width":320.5,"height":1}]}""", "tracks[0].width")]
    [InlineData("""{"type":"videoPreferences","tracks":[{"participantId":"p","trackId":"t","width":1e12,"height":1}]}""", "tracks[0].width")]
    [InlineData("""{"type":"videoPreferences","tracks":[{"participantId":"p","trackId":"t","width":1,"height":1,"visible":"yes"}]}""", "tracks[0].visible")]
    [InlineData("""{"type":"videoPreferences","tracks":[{"participantId":"p","trackId":"t","width":1,"height":1,"pinned":1}]}""", "tracks[0].pinned")]
    [InlineData("""{"type":"videoPreferences","tracks":[{"participantId":7,"trackId":"t","width":1,"height":1}]}""", "tracks[0].participantId")]
    public void Bad_fields_are_bad_requests_naming_the_field(string json, string field)
    {
        ParseResult result = Parse(json);
        Assert.False(result.Ok);
        Assert.Equal(ErrorCodes.BadRequest, result.Error!.Code);
        Assert.Equal(field, result.Error.Field);
    }

    [Fact]
    public void Too_many_entries_are_refused()
    {
        string entry = """{"participantId":"p","trackId":"t","width":1,"height":1}""";
        string json = """{"type":"videoPreferences","tracks":[""" + string.Join(',', Enumerable.Repeat(entry, VideoPreferencesMessage.MaxTracks + 1)) + "]}";
        ParseResult result = Parse(json);
        Assert.Equal(("tracks", ErrorCodes.BadRequest), (result.Error!.Field, result.Error.Code));
        Assert.True(Parse(json.Replace(entry + ",", "", StringComparison.Ordinal)).Ok);
    }

    [Fact]
    public void Random_and_mutated_preferences_never_throw()
    {
        string[] valid =
        [
            """{"type":"videoPreferences","tracks":[{"participantId":"p1","trackId":"t1","width":320,"height":180,"visible":true,"pinned":false}]}""",
            """{"type":"videoPreferences","id":"x","tracks":[{"participantId":"p1","trackId":"t1","width":1280,"height":720},{"participantId":"p2","trackId":"t2","width":0,"height":0,"visible":false}]}""",
        ];
        var random = new Random(2030);
        int ok = 0;
        for (int i = 0; i < 50_000; i++)
        {
            byte[] input = Encoding.UTF8.GetBytes(valid[i % valid.Length]);
            int mutations = random.Next(1, 4);
            for (int m = 0; m < mutations; m++)
            {
                input[random.Next(input.Length)] = (byte)random.Next(256);
            }

            ParseResult result = MessageParser.Parse(input);
            Assert.True(result.Ok ^ (result.Error is not null));
            if (result.Ok && result.Message is VideoPreferencesMessage message)
            {
                Assert.All(message.Tracks!, t => Assert.InRange(t!.Width!.Value, 0, VideoPreferencesMessage.MaxDimension));
                ok++;
            }
        }

        Assert.InRange(ok, 1, 49_999);
    }

    private static ParseResult Parse(string json) => MessageParser.Parse(Encoding.UTF8.GetBytes(json));
}
