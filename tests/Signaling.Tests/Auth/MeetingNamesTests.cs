using Signaling.Auth;

namespace Signaling.Tests.Auth;

public class MeetingNamesTests
{
    [Theory]
    [InlineData("abc", true)]
    [InlineData("team-sync-2025", true)]
    [InlineData("ab", false)]
    [InlineData("ABC", false)]
    [InlineData("a_b", false)]
    [InlineData("a b", false)]
    [InlineData("héllo", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void RoomCodes(string? code, bool valid) => Assert.Equal(valid, MeetingNames.IsValidRoomCode(code));

    [Fact]
    public void RoomCodeLengthLimits()
    {
        Assert.True(MeetingNames.IsValidRoomCode(new string('a', 64)));
        Assert.False(MeetingNames.IsValidRoomCode(new string('a', 65)));
    }

    [Theory]
    [InlineData("Alice", "Alice")]
    [InlineData("  Bob  ", "Bob")]
    [InlineData("Zoë Ünal", "Zoë Ünal")]
    public void NamesAreTrimmed(string input, string expected)
    {
        Assert.True(MeetingNames.TryNormalizeName(input, out string name));
        Assert.Equal(expected, name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("tab\there")]
    [InlineData("new\nline")]
    [InlineData(null)]
    public void BadNamesAreRefused(string? input) => Assert.False(MeetingNames.TryNormalizeName(input, out _));

    [Fact]
    public void NameLengthLimit()
    {
        Assert.True(MeetingNames.TryNormalizeName(new string('x', 64), out _));
        Assert.False(MeetingNames.TryNormalizeName(new string('x', 65), out _));
    }

    [Theory]
    [InlineData("p0123abcdef", true)]
    [InlineData("user_42-A", true)]
    [InlineData("bad id", false)]
    [InlineData("", false)]
    public void ParticipantIds(string id, bool valid) => Assert.Equal(valid, MeetingNames.IsValidParticipantId(id));
}
