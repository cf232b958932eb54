namespace Api.Accounts;

/// <summary><c>Auth:*</c>: account sign-in tokens (JWT) and login limits.</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";
    public const string Issuer = "sfu-meetings";
    public const string Audience = "sfu-meetings-api";

    /// <summary>HMAC key of account tokens (at least 32 characters); when empty, one is generated once and kept in the data folder.</summary>
    public string? SigningKey { get; set; }

    /// <summary>How long a sign-in token from <c>POST /api/auth/login</c> is valid.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Login attempts per client address per <see cref="LoginWindow"/>.</summary>
    public int LoginPermitsPerAddress { get; set; } = 20;

    /// <summary>Login attempts per account (email) per <see cref="LoginWindow"/>, from any address.</summary>
    public int LoginPermitsPerAccount { get; set; } = 10;

    public TimeSpan LoginWindow { get; set; } = TimeSpan.FromMinutes(1);
}
