using System.Net;
using LoyaltyGrid.Grains.Journaling;
using LoyaltyGrid.Security.Tests.Support;
using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Security.Tests;

/// <summary>
/// Customer ids are case-sensitive strings (api.md), but Orleans' ADO.NET storage read a grain
/// key made only of hex digits as an integer (and 32 of them as a Guid) and stored the number:
/// "a1b2c3" and "A1B2C3" or "00a1b2c3" then shared one row, each customer reading and writing
/// the other's points. Found by the fuzzer (a stored customer with an empty grain_key). Customers
/// now live in journal streams keyed by text; this keeps any key normalisation from coming back.
/// </summary>
[Collection(SecurityServerCollection.Name)]
public sealed class StorageKeyTests(SecurityServer server)
{
    [Theory]
    [InlineData("{0}", "{1}")]
    [InlineData("{0}", "00{0}")]
    [InlineData("{0}{0}{0}abcde", "{1}{1}{1}ABCDE")]
    public async Task Customers_whose_ids_look_like_numbers_keep_accounts_of_their_own(string firstPattern, string secondPattern)
    {
        var hex = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..9];
        var first = string.Format(System.Globalization.CultureInfo.InvariantCulture, firstPattern, hex, hex.ToUpperInvariant());
        var second = string.Format(System.Globalization.CultureInfo.InvariantCulture, secondPattern, hex, hex.ToUpperInvariant());
        var subject = Subject.Fresh($"hex{hex}", 1) with { CustomerId = first };
        await server.Api.PostOkAsync("/api/v1/purchases", Templates.Purchase(subject), SecurityKeys.StoreACredential);

        var other = await server.Api.ReplyAsync(HttpMethod.Get, $"/api/v1/customers/{second}", SecurityKeys.StoreACredential);
        var own = await server.Api.GetOkAsync($"/api/v1/customers/{first}", SecurityKeys.StoreACredential);

        Assert.Equal(HttpStatusCode.NotFound, other.Status);
        Assert.Equal(first, own.GetProperty("customerId").GetString());
        // Exactly one stream holds receipts naming this customer, keyed by the id exactly as sent,
        // and the look-alike id has no stream of its own that could share or shadow it.
        var streams = await Sql.ListAsync<string>(server.ConnectionString,
            $"SELECT DISTINCT stream FROM journal WHERE payload::jsonb -> 'receipt' ->> 'customerId' = '{first}'");
        Assert.Equal([StreamKeys.Customer(first)], streams);
        Assert.Empty(await Sql.ListAsync<string>(server.ConnectionString,
            $"SELECT stream FROM journal WHERE stream = '{StreamKeys.Customer(second)}' UNION SELECT stream FROM stream_snapshot WHERE stream = '{StreamKeys.Customer(second)}'"));
    }
}
