namespace Api.Meetings;

/// <summary>
/// Who asks to join, as far as the server can tell: the account of a signed-in user; for a guest the guest key its
/// page keeps, the browser's device cookie and the client address with the display name. A removal holds against the
/// same joiner coming back (docs/api.md, "Removal", says what each layer stops and what it cannot).
/// </summary>
public sealed record JoinIdentity(long? UserId, string? GuestKey, string? DeviceKey, string? ClientAddress, string DisplayName)
{
    /// <summary>The address a request came from, IPv4 for an IPv4-mapped IPv6 address; null when the host does not know it.</summary>
    public static string? AddressOf(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } address
            ? (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString()
            : null;

    /// <summary>True when <paramref name="removed"/> (a removed participant's row) is this joiner again.</summary>
    public bool IsSameAs(ParticipantRow removed)
    {
        if (UserId is { } userId)
        {
            // An account is who it is: nothing else of a signed-in user's join is compared (a colleague may share the
            // office's address, or borrow the laptop of someone removed).
            return removed.UserId == userId;
        }

        return (GuestKey is not null && GuestKey == removed.GuestKey)
            || (DeviceKey is not null && DeviceKey == removed.DeviceKey)
            || (ClientAddress is not null && ClientAddress == removed.ClientAddress
                && string.Equals(DisplayName, removed.DisplayName, StringComparison.OrdinalIgnoreCase));
    }
}
