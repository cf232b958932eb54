using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Signaling.Auth;
using Signaling.Protocol;
using Microsoft.Extensions.Options;

namespace Signaling.Hosting;

/// <summary>
/// <c>POST /api/join-token</c> {room, name} -> {token, room, name, expiresAt}. Interim issuer: any valid room code
/// and name get a token, until the meetings REST API issues them for real meetings.
/// </summary>
internal static class JoinTokenEndpoint
{
    private const int MaxBodyBytes = 4096;

    public static async Task IssueAsync(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            sizeLimit.MaxRequestBodySize = MaxBodyBytes;
        }

        JoinTokenRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync(context.Request.Body, SignalingJsonContext.Default.JoinTokenRequest, context.RequestAborted);
        }
        catch (Exception e) when (e is JsonException or BadHttpRequestException)
        {
            await WriteErrorAsync(context, new ProtocolError(ErrorCodes.BadJson, "the body must be a JSON object {room, name}"));
            return;
        }

        if (request is null || !MeetingNames.IsValidRoomCode(request.Room))
        {
            await WriteErrorAsync(context, ProtocolError.BadField("room", "'room' must be 3-64 characters of a-z, 0-9 and '-'"));
            return;
        }

        if (!MeetingNames.TryNormalizeName(request.Name, out string name))
        {
            await WriteErrorAsync(context, ProtocolError.BadField("name", $"'name' must be 1-{MeetingNames.MaxNameLength} characters without control characters"));
            return;
        }

        // Only token services here: issuing a token must not need the media engine.
        IServiceProvider services = context.RequestServices;
        SignalingOptions options = services.GetRequiredService<IOptions<SignalingOptions>>().Value;
        DateTimeOffset expiresAt = services.GetRequiredService<TimeProvider>().GetUtcNow().Add(options.TokenLifetime);
        string token = services.GetRequiredService<JoinTokens>().Issue(new JoinTokenPayload(request.Room!, name, null, expiresAt.ToUnixTimeSeconds()));
        context.Response.Headers.CacheControl = "no-store";
        await Results.Json(
                new JoinTokenResponse { Token = token, Room = request.Room!, Name = name, ExpiresAt = expiresAt },
                SignalingJsonContext.Default.JoinTokenResponse)
            .ExecuteAsync(context);
    }

    private static Task WriteErrorAsync(HttpContext context, ProtocolError error) =>
        ErrorResponses.WriteAsync(context, StatusCodes.Status400BadRequest, error);
}
