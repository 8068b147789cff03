using System.Text.Json;
using LoyaltyGrid.Server.Api.Validation;

namespace LoyaltyGrid.Server.Api.Json;

/// <summary>
/// Reads the fields of one JSON object and checks each as it goes, collecting a message per bad
/// field (named in camelCase, nested ones as <c>items[2].quantity</c>) instead of stopping at the
/// first. Values of bad fields come back as defaults; <see cref="JsonBody{T}"/> never hands a
/// request with errors to an endpoint. Fields it is not asked for are ignored, so clients may
/// send more than a version of the API knows.
/// </summary>
public sealed class RequestReader
{
    private readonly Dictionary<string, JsonElement> _fields = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _errors;
    private readonly string _path;

    public RequestReader(JsonElement root, InputLimits limits)
        : this(root, "", new Dictionary<string, List<string>>(StringComparer.Ordinal), limits)
    {
    }

    private RequestReader(JsonElement element, string path, Dictionary<string, List<string>> errors, InputLimits limits)
    {
        _path = path;
        _errors = errors;
        Limits = limits;
        foreach (var property in element.EnumerateObject())
        {
            // The same field twice is ambiguous (parsers disagree on which one wins), so neither is taken.
            if (!_fields.TryAdd(property.Name, property.Value))
            {
                AddError(property.Name, "must appear only once");
            }
        }
    }

    public InputLimits Limits { get; }

    public bool HasErrors => _errors.Count > 0;

    public Dictionary<string, string[]> Errors() =>
        _errors.ToDictionary(error => error.Key, error => error.Value.ToArray(), StringComparer.Ordinal);

    public void AddError(string field, string message)
    {
        var key = FieldPath(field);
        if (!_errors.TryGetValue(key, out var messages))
        {
            _errors[key] = messages = [];
        }

        messages.Add(message);
    }

    public string Id(string field) => OptionalId(field) ?? Required(field, "");

    public string? OptionalId(string field)
    {
        if (OptionalString(field) is not { } value)
        {
            return null;
        }

        return Ids.IsValid(value) ? value : Invalid<string>(field, Ids.Rule);
    }

    /// <summary>A required string that is not an id (a SKU, a category): any text up to <paramref name="maxLength"/>, without control characters.</summary>
    public string Text(string field, int maxLength) => OptionalText(field, maxLength) ?? Required(field, "");

    public string? OptionalText(string field, int maxLength, bool allowLineBreaks = false)
    {
        if (OptionalString(field) is not { } value)
        {
            return null;
        }

        if (value.Length > maxLength)
        {
            return Invalid<string>(field, $"must be at most {maxLength} characters");
        }

        return value.Any(c => char.IsControl(c) && !(allowLineBreaks && c is '\n' or '\r' or '\t'))
            ? Invalid<string>(field, "must not contain control characters")
            : value;
    }

    /// <summary>A required string that must be one of <paramref name="allowed"/>.</summary>
    public string OneOf(string field, IReadOnlyCollection<string> allowed)
    {
        if (OptionalString(field) is not { } value)
        {
            return Required(field, "");
        }

        return allowed.Contains(value) ? value : Invalid<string>(field, $"must be one of: {string.Join(", ", allowed)}");
    }

    /// <summary>A three-letter upper-case currency code; whether the programme knows it is the endpoint's question (422).</summary>
    public string Currency(string field)
    {
        if (OptionalString(field) is not { } value)
        {
            return Required(field, "");
        }

        return value.Length == 3 && value.All(char.IsAsciiLetterUpper)
            ? value
            : Invalid<string>(field, "must be a three-letter upper-case ISO 4217 code, e.g. EUR");
    }

    public string Market(string field)
    {
        if (OptionalString(field) is not { } value)
        {
            return Required(field, "");
        }

        return CountryCodes.IsAssigned(value)
            ? value
            : Invalid<string>(field, "must be an assigned upper-case ISO 3166-1 alpha-2 country code, e.g. DE");
    }

    /// <summary>
    /// An ISO-8601 instant with offset. Event times may not lie ahead of the server's clock;
    /// <paramref name="anyTime"/> lifts that for times that are plans, such as a campaign's end.
    /// </summary>
    public DateTimeOffset Instant(string field, bool anyTime = false)
    {
        if (OptionalString(field) is not { } value)
        {
            return Required<DateTimeOffset>(field, default);
        }

        if (!Timestamps.TryParse(value, out var instant, out var problem))
        {
            return Invalid<DateTimeOffset>(field, problem!);
        }

        return anyTime || instant <= Limits.LatestInstant
            ? instant
            : Invalid<DateTimeOffset>(field, $"must not be more than {Limits.MaxClockSkew} ahead of the server's clock ({Limits.Now:yyyy-MM-ddTHH:mm:ssZ})");
    }

    /// <summary>
    /// A money amount in <paramref name="currency"/>: as <see cref="Amount(string, bool)"/>, with
    /// no more decimals than the currency has (none for JPY). A currency the reader already
    /// refused, or the programme does not know (422 later), is held to two.
    /// </summary>
    public decimal Amount(string field, string? currency, bool allowZero = false)
    {
        var amount = Amount(field, allowZero);
        if (currency is null || amount == 0m)
        {
            return amount;
        }

        var digits = Limits.Rules.MinorDigitsOf(currency);
        if (decimal.Round(amount, digits) == amount)
        {
            return amount;
        }

        return Invalid<decimal>(field, digits == 0 ? $"must be a whole number in {currency}, which has no minor unit" : $"must have at most {digits} decimals in {currency}");
    }

    /// <summary>
    /// A money amount: a JSON number with at most two decimals, above zero (or zero when
    /// <paramref name="allowZero"/>) and at most <see cref="Amounts.Maximum"/>.
    /// </summary>
    public decimal Amount(string field, bool allowZero = false)
    {
        if (!TryGet(field, JsonValueKind.Number, "must be a number", out var element))
        {
            return 0m;
        }

        if (!element.TryGetDecimal(out var amount) || amount > Amounts.Maximum)
        {
            return Invalid<decimal>(field, $"must be at most {Amounts.Maximum}");
        }

        if (amount < 0m || (amount == 0m && !allowZero))
        {
            return Invalid<decimal>(field, allowZero ? "must not be negative" : "must be greater than 0");
        }

        return decimal.Round(amount, 2) == amount ? amount : Invalid<decimal>(field, "must have at most 2 decimals");
    }

    public int Integer(string field, int minimum, int maximum)
    {
        if (!TryGet(field, JsonValueKind.Number, "must be an integer", out var element))
        {
            return 0;
        }

        if (!element.TryGetInt64(out var value))
        {
            return Invalid<int>(field, "must be an integer");
        }

        return value >= minimum && value <= maximum ? (int)value : Invalid<int>(field, $"must be from {minimum} to {maximum}");
    }

    public int PositiveInteger(string field)
    {
        var value = Points(field);
        return value <= int.MaxValue ? (int)value : Invalid<int>(field, $"must be at most {int.MaxValue}");
    }

    /// <summary>A whole number of points above zero.</summary>
    public long Points(string field)
    {
        if (!TryGet(field, JsonValueKind.Number, "must be an integer", out var element))
        {
            return 0;
        }

        if (!element.TryGetInt64(out var value))
        {
            return Invalid<long>(field, "must be an integer");
        }

        return value > 0 ? value : Invalid<long>(field, "must be greater than 0");
    }

    /// <summary>An optional JSON number from <paramref name="minimum"/> to <paramref name="maximum"/>.</summary>
    public decimal? OptionalNumber(string field, decimal minimum, decimal maximum)
    {
        if (!TryGetOptional(field, JsonValueKind.Number, "must be a number", out var element))
        {
            return null;
        }

        return element.TryGetDecimal(out var value) && value >= minimum && value <= maximum
            ? value
            : Invalid<decimal?>(field, $"must be a number from {minimum} to {maximum}");
    }

    /// <summary>An optional whole number from <paramref name="minimum"/> to <paramref name="maximum"/>.</summary>
    public long? OptionalInteger(string field, long minimum, long maximum)
    {
        if (!TryGetOptional(field, JsonValueKind.Number, "must be an integer", out var element))
        {
            return null;
        }

        if (!element.TryGetInt64(out var value))
        {
            return Invalid<long?>(field, "must be an integer");
        }

        return value >= minimum && value <= maximum ? value : Invalid<long?>(field, $"must be an integer from {minimum} to {maximum}");
    }

    public bool? OptionalBoolean(string field)
    {
        if (!_fields.TryGetValue(field, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return element.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => Invalid<bool?>(field, "must be true or false"),
        };
    }

    /// <summary>An optional array of strings, each checked by <paramref name="isValid"/> and reported with its index.</summary>
    public List<string>? OptionalStrings(string field, int maxCount, Func<string, bool> isValid, string rule)
    {
        if (!TryGetOptional(field, JsonValueKind.Array, "must be an array of strings", out var element))
        {
            return null;
        }

        if (element.GetArrayLength() > maxCount)
        {
            return Invalid<List<string>>(field, $"must have at most {maxCount} entries");
        }

        var values = new List<string>();
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            var itemPath = $"{FieldPath(field)}[{index++}]";
            if (item.ValueKind == JsonValueKind.String && item.GetString() is { } value && isValid(value))
            {
                values.Add(value);
            }
            else
            {
                _errors[itemPath] = [rule];
            }
        }

        return values;
    }

    /// <summary>A required true or false.</summary>
    public bool Boolean(string field) => Has(field) ? OptionalBoolean(field) ?? false : Required(field, false);

    /// <summary>A whole number from 0 up, or null when the field is absent or null.</summary>
    public long? OptionalCount(string field)
    {
        if (!_fields.TryGetValue(field, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out var value))
        {
            return Invalid<long?>(field, "must be an integer");
        }

        return value >= 0 ? value : Invalid<long?>(field, "must not be negative");
    }

    /// <summary>Whether the body has <paramref name="field"/> with a value other than null.</summary>
    public bool Has(string field) => _fields.TryGetValue(field, out var element) && element.ValueKind != JsonValueKind.Null;

    /// <summary>An optional array of objects, each read by <paramref name="readItem"/> with its own path.</summary>
    public List<T>? OptionalArray<T>(string field, int maxCount, Func<RequestReader, T> readItem)
    {
        if (!_fields.TryGetValue(field, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            return Invalid<List<T>>(field, "must be an array");
        }

        if (element.GetArrayLength() > maxCount)
        {
            return Invalid<List<T>>(field, $"must have at most {maxCount} entries");
        }

        var items = new List<T>();
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            var itemPath = $"{FieldPath(field)}[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                _errors[itemPath] = ["must be an object"];
                continue;
            }

            items.Add(readItem(new RequestReader(item, itemPath, _errors, Limits)));
        }

        return items;
    }

    /// <summary>
    /// A required array whose entries are read later, each on its own (a batch's events); the
    /// entries are copies that outlive the request's JSON document.
    /// </summary>
    public List<JsonElement> Entries(string field, int maxCount)
    {
        if (!TryGet(field, JsonValueKind.Array, "must be an array", out var element))
        {
            return [];
        }

        if (element.GetArrayLength() > maxCount)
        {
            return Invalid<List<JsonElement>>(field, $"must have at most {maxCount} entries") ?? [];
        }

        return element.EnumerateArray().Select(entry => entry.Clone()).ToList();
    }

    private string? OptionalString(string field) =>
        _fields.TryGetValue(field, out var element) && element.ValueKind != JsonValueKind.Null
            ? element.ValueKind == JsonValueKind.String ? element.GetString() : Invalid<string>(field, "must be a string")
            : null;

    private bool TryGet(string field, JsonValueKind kind, string typeMessage, out JsonElement element)
    {
        if (!_fields.TryGetValue(field, out element) || element.ValueKind == JsonValueKind.Null)
        {
            Required(field, 0);
            return false;
        }

        if (element.ValueKind != kind)
        {
            AddError(field, typeMessage);
            return false;
        }

        return true;
    }

    // Absent or null: false without an error; present with another type: false with one.
    private bool TryGetOptional(string field, JsonValueKind kind, string typeMessage, out JsonElement element)
    {
        if (!_fields.TryGetValue(field, out element) || element.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        if (element.ValueKind != kind)
        {
            AddError(field, typeMessage);
            return false;
        }

        return true;
    }

    // An optional string that was present but bad has already been reported; only a missing one is "required".
    private T Required<T>(string field, T fallback)
    {
        if (!_errors.ContainsKey(FieldPath(field)))
        {
            AddError(field, "is required");
        }

        return fallback;
    }

    private T Invalid<T>(string field, string message)
    {
        AddError(field, message);
        return default!;
    }

    private string FieldPath(string field) => _path.Length == 0 ? field : $"{_path}.{field}";
}

public static class Amounts
{
    /// <summary>
    /// A trillion in any currency: far above any real order, and low enough that points and
    /// reporting amounts computed from it can never overflow.
    /// </summary>
    public const decimal Maximum = 1_000_000_000_000m;
}
