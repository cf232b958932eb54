namespace Api.Http;

/// <summary>RFC 9457 problem details of the meetings API; 400s carry <c>errors: {field: [message]}</c>.</summary>
public static class Problems
{
    public static IResult BadField(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "One or more fields are not valid.");

    public static IResult Unauthorized(string detail) => Problem(StatusCodes.Status401Unauthorized, "Sign in required", detail);

    public static IResult Forbidden(string detail) => Problem(StatusCodes.Status403Forbidden, "Not allowed", detail);

    public static IResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, "Not found", detail);

    public static IResult Conflict(string detail) => Problem(StatusCodes.Status409Conflict, "Conflict", detail);

    public static IResult Gone(string detail) => Problem(StatusCodes.Status410Gone, "Meeting ended", detail);

    public static IResult Problem(int status, string title, string detail) => TypedResults.Problem(detail: detail, statusCode: status, title: title);
}
