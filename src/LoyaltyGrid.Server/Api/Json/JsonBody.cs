using System.Reflection;
using System.Text.Json;
using LoyaltyGrid.Server.Api.Validation;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace LoyaltyGrid.Server.Api.Json;

/// <summary>A request body type that knows how to read and check itself from JSON.</summary>
public interface IJsonRequest<out TSelf>
{
    static abstract TSelf Read(RequestReader reader);
}

/// <summary>What <see cref="ValidationFilter"/> needs to know about a body without its type.</summary>
public interface IJsonBody
{
    bool IsJson { get; }

    IDictionary<string, string[]> Errors { get; }
}

/// <summary>
/// A JSON request body, read and checked field by field before the endpoint runs. The framework's
/// own body binding stops at the first type error and answers it without naming the field;
/// this names every bad field, and turns malformed JSON into a 400 as well. An endpoint only ever
/// sees <see cref="Value"/> of a body without errors: <see cref="ValidationFilter"/> answers the rest.
/// </summary>
public sealed class JsonBody<T> : IJsonBody, IEndpointParameterMetadataProvider
    where T : class, IJsonRequest<T>
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16 };

    private readonly T? _value;

    private JsonBody(T? value, IDictionary<string, string[]> errors, bool isJson)
    {
        _value = value;
        Errors = errors;
        IsJson = isJson;
    }

    public T Value => _value ?? throw new InvalidOperationException("The body has errors; the validation filter should have answered.");

    public IDictionary<string, string[]> Errors { get; }

    public bool IsJson { get; }

    public static async ValueTask<JsonBody<T>> BindAsync(HttpContext context)
    {
        if (!IsJsonContentType(context.Request.ContentType))
        {
            return new JsonBody<T>(null, new Dictionary<string, string[]>(), isJson: false);
        }

        JsonDocument document;
        try
        {
            // A body over the size limit throws BadHttpRequestException (413) from this read; the
            // exception handler answers it.
            document = await JsonDocument.ParseAsync(context.Request.Body, DocumentOptions, context.RequestAborted);
        }
        catch (JsonException ex)
        {
            return Failed($"must be valid JSON ({Describe(ex)})");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Failed("must be a JSON object");
            }

            var reader = new RequestReader(document.RootElement, InputLimits.Of(context));
            var value = T.Read(reader);
            return reader.HasErrors
                ? new JsonBody<T>(null, reader.Errors(), isJson: true)
                : new JsonBody<T>(value, new Dictionary<string, string[]>(), isJson: true);
        }
    }

    /// <summary>Tells OpenAPI what the body looks like, since the framework does not bind it.</summary>
    public static void PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder) =>
        builder.Metadata.Add(new AcceptsMetadata(["application/json"], typeof(T)));

    private static JsonBody<T> Failed(string message) =>
        new(null, new Dictionary<string, string[]> { ["body"] = [message] }, isJson: true);

    private static string Describe(JsonException ex) =>
        ex.LineNumber is { } line && ex.BytePositionInLine is { } position
            ? $"error at line {line + 1}, byte {position + 1}"
            : "empty or truncated";

    private static bool IsJsonContentType(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
        && (mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.MediaType.Value?.EndsWith("+json", StringComparison.OrdinalIgnoreCase) == true);
}
