namespace Api.Accounts;

/// <summary>Body of <c>POST /api/auth/register</c>.</summary>
public sealed class RegisterRequest
{
    public string? Email { get; set; }

    public string? Password { get; set; }

    public string? Name { get; set; }
}

/// <summary>Body of <c>POST /api/auth/login</c>.</summary>
public sealed class LoginRequest
{
    public string? Email { get; set; }

    public string? Password { get; set; }
}

public sealed record UserResponse(long Id, string Email, string Name, DateTimeOffset CreatedAt)
{
    public static UserResponse From(UserRow user) => new(user.Id, user.Email, user.Name, DateTimeOffset.FromUnixTimeMilliseconds(user.CreatedAt));
}

public sealed record LoginResponse(string Token, DateTimeOffset ExpiresAt, UserResponse User);
