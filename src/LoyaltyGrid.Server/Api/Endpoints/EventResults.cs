using LoyaltyGrid.Grains.Customers;
using LoyaltyGrid.Server.Api.Problems;

namespace LoyaltyGrid.Server.Api.Endpoints;

/// <summary>The one translation of a grain's <see cref="EventResult{TReceipt}"/> into HTTP.</summary>
public static class EventResults
{
    public static IResult ToHttp<TReceipt, TResponse>(this EventResult<TReceipt> result, Func<TReceipt, bool, TResponse> respond)
        where TReceipt : class => result.Status switch
        {
            EventStatus.Applied or EventStatus.Duplicate when result.Receipt is { } receipt =>
                TypedResults.Ok(respond(receipt, result.Status == EventStatus.Duplicate)),
            EventStatus.Conflict => ApiProblems.Conflict(result.Problem ?? "The request conflicts with what was recorded before."),
            EventStatus.NotFound => ApiProblems.NotFound(result.Problem ?? "The event refers to something that does not exist."),
            EventStatus.InvalidField => ApiProblems.Validation(result.Field ?? "body", result.Problem ?? "is not valid"),
            EventStatus.Unprocessable => ApiProblems.Unprocessable(result.Problem ?? "The event refers to something this programme does not support."),
            _ => throw new InvalidOperationException($"The grain answered {result.Status} without a receipt."),
        };
}
