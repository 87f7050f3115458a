using System.Text;
using Microsoft.Net.Http.Headers;

namespace Prioritise.Silo;

/// <summary>
/// A body whose Content-Type names a charset the server cannot decode ("application/json;
/// charset=utf-7", "charset=bogus") is refused with 415 problem details. Without this the JSON
/// reader threw InvalidOperationException deep in model binding, and the answer was a 500.
/// </summary>
public static class RequestCharset
{
    public static IApplicationBuilder UseKnownRequestCharsets(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type)
                && type.Charset is { Length: > 0 } charset
                && !IsKnown(HeaderUtilities.RemoveQuotes(charset).Value))
            {
                var message = $"The body's charset '{charset}' is not supported; send UTF-8.";
                await Problems.Write(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported charset.", message,
                    new Dictionary<string, string[]> { ["body"] = [message] });
                return;
            }
            await next();
        });

    private static bool IsKnown(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return false;
        try
        {
            Encoding.GetEncoding(name);
            return true;
        }
        catch (ArgumentException) { return false; }
        catch (NotSupportedException) { return false; }
    }
}
