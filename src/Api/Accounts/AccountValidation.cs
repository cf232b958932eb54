using System.Net.Mail;
using Api.Http;
using Signaling.Auth;

namespace Api.Accounts;

/// <summary>The rules of account fields; each failure is a 400 naming its field.</summary>
public static class AccountValidation
{
    public const int MaxEmailLength = 254;
    public const int MinPasswordLength = 8;
    public const int MaxPasswordLength = 128;

    /// <summary>Lower-cased, trimmed email when it is a plain <c>local@domain</c> address.</summary>
    public static bool TryNormalizeEmail(string? email, out string normalized)
    {
        normalized = email?.Trim().ToLowerInvariant() ?? "";
        return normalized.Length is > 0 and <= MaxEmailLength
            && MailAddress.TryCreate(normalized, out MailAddress? address)
            && address.Address == normalized
            && address.Host.Contains('.', StringComparison.Ordinal);
    }

    public static IResult? Check(RegisterRequest request, out string email, out string name)
    {
        name = "";
        if (!TryNormalizeEmail(request.Email, out email))
        {
            return Problems.BadField("email", "'email' must be an email address such as ana@example.com");
        }

        if (request.Password is null || request.Password.Length is < MinPasswordLength or > MaxPasswordLength)
        {
            return Problems.BadField("password", $"'password' must be {MinPasswordLength}-{MaxPasswordLength} characters");
        }

        if (!MeetingNames.TryNormalizeName(request.Name, out name))
        {
            return Problems.BadField("name", $"'name' must be 1-{MeetingNames.MaxNameLength} characters without control characters");
        }

        return null;
    }
}
