using System.Text.Json;
using System.Text.Json.Nodes;

namespace LoyaltyGrid.Grains.Customers;

/// <summary>
/// What erasure takes out of a customer's stored events: the same things the domain's erasure
/// forgets (review texts, complaint notes, order items), survey comments, coupon codes, and the notices, which name the customer. Ids, amounts, times, points, referral
/// bookkeeping, fingerprints and receipts stay: replay still rebuilds the same balance, and an
/// old retry is still answered as before.
/// </summary>
public static class PersonalData
{
    // Command fields, by their stored (camelCase) names, that only ever hold what a person wrote or bought.
    private static readonly string[] Fields = [
        JsonNamingPolicy.CamelCase.ConvertName(nameof(ReviewCommand.Text)),
        JsonNamingPolicy.CamelCase.ConvertName(nameof(ComplaintCommand.Note)),
        JsonNamingPolicy.CamelCase.ConvertName(nameof(SurveyCommand.Comment)),
        JsonNamingPolicy.CamelCase.ConvertName(nameof(PurchaseCommand.Items)),
        JsonNamingPolicy.CamelCase.ConvertName(nameof(ClaimStart.CouponCode)),
    ];

    // A coupon code is also in the receipt a claim's retry is answered with.
    private static readonly string CouponCode = JsonNamingPolicy.CamelCase.ConvertName(nameof(ClaimReceipt.CouponCode));

    /// <summary>The event without personal data, or null when it holds none.</summary>
    public static CustomerEvent? Scrub(CustomerEvent stored)
    {
        // Every notice of a customer's event names the customer: dropped, so a rebuild of the notice projection cannot send them again.
        var withoutNotices = stored.Notices is null ? null : stored with { Notices = null };
        if (stored.Command.ValueKind != JsonValueKind.Object || JsonNode.Parse(stored.Command.GetRawText()) is not JsonObject command)
        {
            return withoutNotices;
        }

        var changed = false;
        foreach (var field in Fields)
        {
            if (command[field] is not null)
            {
                command[field] = null;
                changed = true;
            }
        }

        var receipt = stored.Receipt;
        if (stored.Receipt.ValueKind == JsonValueKind.Object && JsonNode.Parse(stored.Receipt.GetRawText()) is JsonObject receiptObject
            && receiptObject[CouponCode] is not null)
        {
            receiptObject[CouponCode] = null;
            receipt = JsonSerializer.SerializeToElement(receiptObject, CustomerFold.Json);
            changed = true;
        }

        return changed ? (withoutNotices ?? stored) with { Command = JsonSerializer.SerializeToElement(command, CustomerFold.Json), Receipt = receipt } : withoutNotices;
    }
}
