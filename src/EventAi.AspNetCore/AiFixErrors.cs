using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace EventAi.AspNetCore;

/// <summary>
/// What a caller is told about a failure: the service's status and message (or its error object for a
/// rate limit), never the transport's messages, which name internal addresses.
/// </summary>
internal static class AiFixErrors
{
    /// <summary>The HTTP status for a model failure before the headers: 429 for a rate limit, else 502.</summary>
    public static int StatusOf(ModelServiceException e) => e is ModelRateLimitedException ? StatusCodes.Status429TooManyRequests : StatusCodes.Status502BadGateway;

    /// <summary>Writes <c>{"error": ...}</c> for a model failure: the service's error object for a rate limit, else the message.</summary>
    public static void WriteError(Utf8JsonWriter json, ModelServiceException e, string? serviceHost)
    {
        json.WriteStartObject();
        json.WritePropertyName("error");
        if (e is ModelRateLimitedException { Error: { } body })
        {
            body.WriteTo(json);
        }
        else
        {
            json.WriteStringValue(PublicMessage(e, serviceHost));
        }

        json.WriteEndObject();
    }

    /// <summary>
    /// The failure's message without the service's address: a service that answered is described by its
    /// status and message; one that never answered by what went wrong.
    /// </summary>
    public static string PublicMessage(ModelServiceException e, string? serviceHost)
    {
        if (e.Status is not null || string.IsNullOrEmpty(serviceHost))
        {
            return e.Message;
        }

        return e.Message.Replace(" at " + serviceHost, string.Empty, StringComparison.Ordinal);
    }

    /// <summary>The <c>Retry-After</c> value for a rate-limited model call, in whole seconds (rounded up), when the service gave one.</summary>
    public static string? RetryAfter(ModelServiceException e) => e is ModelRateLimitedException { RetryAfter: { } wait }
        ? Seconds(wait)
        : null;

    /// <summary>Whole seconds, rounded up, at least 1.</summary>
    public static string Seconds(TimeSpan wait) =>
        Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
