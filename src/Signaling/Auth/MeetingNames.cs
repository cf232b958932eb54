namespace Signaling.Auth;

/// <summary>Validation of meeting room codes, display names and participant ids.</summary>
public static class MeetingNames
{
    public const int MaxNameLength = 64;

    /// <summary>A room code is 3-64 characters of [a-z0-9-]; it appears in URLs (/m/{code}) as is.</summary>
    public static bool IsValidRoomCode(string? code)
    {
        if (code is null || code.Length is < 3 or > 64)
        {
            return false;
        }

        foreach (char c in code)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Trims the name; valid when 1-64 characters remain and none is a control character.</summary>
    public static bool TryNormalizeName(string? name, out string normalized)
    {
        normalized = name?.Trim() ?? string.Empty;
        if (normalized.Length is 0 or > MaxNameLength)
        {
            return false;
        }

        foreach (char c in normalized)
        {
            if (char.IsControl(c) || c is '\u2028' or '\u2029')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A participant id is 1-64 characters of [A-Za-z0-9_-] (it travels in URLs and logs).</summary>
    public static bool IsValidParticipantId(string? id)
    {
        if (id is null || id.Length is < 1 or > 64)
        {
            return false;
        }

        foreach (char c in id)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
