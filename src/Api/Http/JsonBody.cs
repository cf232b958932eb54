using System.Text.Json;

namespace Api.Http;

/// <summary>
/// Reads a JSON request body into <typeparamref name="T"/>, turning malformed JSON, a wrong field type or a missing
/// body into a 400 problem naming the offending field (or <c>body</c>), instead of the framework's empty 400.
/// </summary>
public static class JsonBody
{
    /// <summary>Request bodies of the meetings API are small: anything larger is refused.</summary>
    public const int MaxBytes = 16 * 1024;

    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request)
        where T : class
    {
        if (request.ContentLength > MaxBytes)
        {
            return (null, Problems.BadField("body", $"the body is larger than {MaxBytes} bytes"));
        }

        try
        {
            T? value = await JsonSerializer.DeserializeAsync<T>(request.Body, JsonSerializerOptions.Web, request.HttpContext.RequestAborted);
            return value is null ? (null, Problems.BadField("body", "the body must be a JSON object")) : (value, null);
        }
        catch (JsonException e)
        {
            // Malformed JSON and a field of the wrong type both land here; the path says where the reader stopped.
            string where = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $" (at {e.Path})";
            return (null, Problems.BadField("body", "the body is not valid JSON for this request" + where));
        }
    }
}
