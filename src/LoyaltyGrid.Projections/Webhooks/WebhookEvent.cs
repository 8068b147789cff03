using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoyaltyGrid.Domain.Notices;
using LoyaltyGrid.Grains.Journaling;

namespace LoyaltyGrid.Projections.Webhooks;

/// <summary>What a receiver is sent for one notice: <c>{ id, type, occurredAt, data }</c> (api.md "Webhooks").</summary>
public static class WebhookEvent
{
    /// <summary>
    /// The event's id: a digest of where the notice is in the journal (stream, sequence, index in
    /// the payload), so every retry and every rebuild of the projection names it alike, and the id
    /// says nothing about how streams are keyed.
    /// </summary>
    public static string IdOf(string stream, long sequence, int index)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes($"{stream}\n{sequence}\n{index}"));
        return "evt_" + Convert.ToHexStringLower(digest.AsSpan(0, 16));
    }

    private static readonly string[] EnvelopeProperties =
    [
        "type",
        JsonNamingPolicy.CamelCase.ConvertName(nameof(Notice.OccurredAt)),
        JsonNamingPolicy.CamelCase.ConvertName(nameof(Notice.WebhookType)),
        JsonNamingPolicy.CamelCase.ConvertName(nameof(Notice.AboutCustomer)),
    ];

    /// <summary>The JSON body; <c>data</c> is the notice's own fields (any notice type, the alert ones included).</summary>
    public static string BodyOf(string id, Notice notice)
    {
        var data = JsonSerializer.SerializeToNode(notice, JournaledEvent.Json)!.AsObject();
        // The envelope carries these; the rest of the notice is the data. The two computed ones are
        // only here if a notice type forgot to repeat [JsonIgnore] on its overrides.
        foreach (var envelope in EnvelopeProperties)
        {
            data.Remove(envelope);
        }

        var body = new JsonObject
        {
            ["id"] = id,
            ["type"] = notice.WebhookType,
            ["occurredAt"] = JsonValue.Create(notice.OccurredAt),
            ["data"] = data,
        };
        return body.ToJsonString(JournaledEvent.Json);
    }
}
