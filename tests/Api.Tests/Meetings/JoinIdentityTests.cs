using Api.Meetings;

namespace Api.Tests.Meetings;

/// <summary>Which later joins a removal holds against (<see cref="JoinIdentity.IsSameAs"/>), one row per case.</summary>
public sealed class JoinIdentityTests
{
    private static readonly ParticipantRow RemovedGuest = new()
    {
        Id = 7,
        UserId = null,
        GuestKey = "guest-key",
        DeviceKey = "device-aaaaaaaaaaaaaaaaaa",
        ClientAddress = "203.0.113.9",
        DisplayName = "Mallory",
        Removed = 1,
    };

    private static readonly ParticipantRow RemovedUser = new()
    {
        Id = 8,
        UserId = 42,
        DeviceKey = "device-bbbbbbbbbbbbbbbbbb",
        ClientAddress = "198.51.100.4",
        DisplayName = "Oscar",
        Removed = 1,
    };

    [Theory]
    [InlineData(null, "guest-key", null, null, "Someone", true)] // the same page's guest key
    [InlineData(null, "new-key", "device-aaaaaaaaaaaaaaaaaa", "192.0.2.1", "Someone", true)] // storage cleared: the cookie
    [InlineData(null, "new-key", null, "203.0.113.9", "mALLORY", true)] // cookies cleared too: address and name
    [InlineData(null, "new-key", null, "203.0.113.9", "Trudy", false)] // another name from that address: the known limit
    [InlineData(null, "new-key", null, "192.0.2.1", "Mallory", false)] // the same name elsewhere is someone else
    [InlineData(null, null, null, null, "Mallory", false)] // nothing known about the joiner
    [InlineData(5L, "guest-key", "device-aaaaaaaaaaaaaaaaaa", "203.0.113.9", "Mallory", false)] // an account is matched by account only
    public void AGuestRemovalHoldsAgainst(long? userId, string? guestKey, string? deviceKey, string? address, string name, bool refused) =>
        Assert.Equal(refused, new JoinIdentity(userId, guestKey, deviceKey, address, name).IsSameAs(RemovedGuest));

    [Theory]
    [InlineData(42L, null, null, null, "Anything", true)] // the removed account, whatever it calls itself
    [InlineData(43L, null, "device-bbbbbbbbbbbbbbbbbb", "198.51.100.4", "Oscar", false)] // another account on the same laptop
    [InlineData(null, "k", "device-bbbbbbbbbbbbbbbbbb", null, "Guest", true)] // signed out, joining as a guest from that browser
    [InlineData(null, "k", null, "198.51.100.4", "oscar", true)] // signed out, cookies cleared, same name and address
    public void AUserRemovalHoldsAgainst(long? userId, string? guestKey, string? deviceKey, string? address, string name, bool refused) =>
        Assert.Equal(refused, new JoinIdentity(userId, guestKey, deviceKey, address, name).IsSameAs(RemovedUser));
}
