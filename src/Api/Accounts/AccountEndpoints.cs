using Api.Http;
using Microsoft.AspNetCore.Identity;

namespace Api.Accounts;

/// <summary><c>POST /api/auth/register</c>, <c>POST /api/auth/login</c> and <c>GET /api/me</c>.</summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        RouteGroupBuilder auth = endpoints.MapGroup("/api/auth").WithTags("Accounts");
        auth.MapPost("/register", RegisterAsync)
            .Accepts<RegisterRequest>("application/json")
            .Produces<UserResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        auth.MapPost("/login", LoginAsync)
            .Accepts<LoginRequest>("application/json")
            .Produces<LoginResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        endpoints.MapGet("/api/me", MeAsync).WithTags("Accounts").RequireAuthorization()
            .Produces<UserResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return endpoints;
    }

    private static async Task<IResult> RegisterAsync(HttpContext context, UserRepository users, PasswordHasher<UserRow> hasher, TimeProvider time)
    {
        (RegisterRequest? request, IResult? bad) = await JsonBody.ReadAsync<RegisterRequest>(context.Request);
        if (bad is not null)
        {
            return bad;
        }

        if (AccountValidation.Check(request!, out string email, out string name) is { } invalid)
        {
            return invalid;
        }

        var draft = new UserRow { Email = email, Name = name };
        string hash = hasher.HashPassword(draft, request!.Password!);
        UserRow? user = await users.CreateAsync(email, hash, name, time.GetUtcNow().ToUnixTimeMilliseconds(), context.RequestAborted);
        if (user is null)
        {
            return Problems.Conflict("an account with this email already exists");
        }

        return TypedResults.Created("/api/me", UserResponse.From(user));
    }

    private static async Task<IResult> LoginAsync(HttpContext context, UserRepository users, PasswordHasher<UserRow> hasher, AccountTokens tokens, LoginLimiter limiter, TimeProvider time)
    {
        (LoginRequest? request, IResult? bad) = await JsonBody.ReadAsync<LoginRequest>(context.Request);
        if (bad is not null)
        {
            return bad;
        }

        if (!AccountValidation.TryNormalizeEmail(request!.Email, out string email))
        {
            return Problems.BadField("email", "'email' must be an email address such as ana@example.com");
        }

        if (string.IsNullOrEmpty(request.Password))
        {
            return Problems.BadField("password", "'password' is required");
        }

        if (limiter.TryAcquire(context, email) is { } limited)
        {
            return limited;
        }

        UserRow? user = await users.FindByEmailAsync(email, context.RequestAborted);
        PasswordVerificationResult verified = user is null
            ? PasswordVerificationResult.Failed
            : hasher.VerifyHashedPassword(user, user.PasswordHash, request.Password);
        if (user is null || verified == PasswordVerificationResult.Failed)
        {
            return Problems.Unauthorized("the email or password is wrong");
        }

        if (verified == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await users.UpdatePasswordHashAsync(user.Id, hasher.HashPassword(user, request.Password), time.GetUtcNow().ToUnixTimeMilliseconds(), context.RequestAborted);
        }

        (string token, DateTimeOffset expiresAt) = tokens.Issue(user);
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new LoginResponse(token, expiresAt, UserResponse.From(user)));
    }

    private static async Task<IResult> MeAsync(HttpContext context, UserRepository users)
    {
        if (AccountTokens.UserId(context.User) is not { } id || await users.FindByIdAsync(id, context.RequestAborted) is not { } user)
        {
            return Problems.Unauthorized("the sign-in token names no account");
        }

        return TypedResults.Ok(UserResponse.From(user));
    }
}
