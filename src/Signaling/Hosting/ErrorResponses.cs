using Microsoft.AspNetCore.Http;
using Signaling.Protocol;

namespace Signaling.Hosting;

/// <summary>HTTP answers in the signaling error shape <c>{type: "error", code, message, field?}</c>, never cached.</summary>
internal static class ErrorResponses
{
    public static Task WriteAsync(HttpContext context, int status, ProtocolError error)
    {
        context.Response.Headers.CacheControl = "no-store";
        return Results.Json(
                new ErrorMessage { Code = error.Code, Message = error.Message, Field = error.Field },
                SignalingJsonContext.Default.ErrorMessage,
                statusCode: status)
            .ExecuteAsync(context);
    }
}
