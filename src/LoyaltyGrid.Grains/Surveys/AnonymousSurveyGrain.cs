using System.Text.Json;
using LoyaltyGrid.Domain.Kpis;
using LoyaltyGrid.Domain.Surveys;
using LoyaltyGrid.Grains.Customers;
using LoyaltyGrid.Grains.Feedback;
using LoyaltyGrid.Grains.Journaling;
using LoyaltyGrid.Journal;

namespace LoyaltyGrid.Grains.Surveys;

/// <summary>
/// Journals an anonymous survey answer once: the first answer is appended with its KPI changes; a repeat with
/// the same content is answered with the stored receipt, one with other content is a conflict. Nobody owns the
/// comment, so no erasure reaches it: api.md makes only answers with a customer id personal data.
/// </summary>
public sealed class AnonymousSurveyGrain(IEventJournal journal, TimeProvider clock) : Grain, IAnonymousSurveyGrain
{
    private SurveyEvent? _stored;

    private string Stream => StreamKeys.Survey(this.GetPrimaryKeyString());

    public override async Task OnActivateAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<EventResult<SurveyReceipt>> Answer(SurveyCommand command)
    {
        var fingerprint = EventFingerprint.Of(command);
        if (_stored is not null)
        {
            return AnswerFromStored(fingerprint);
        }

        if (!SurveyRules.TryParse(command.Kind, out var kind) || !SurveyRules.IsValidScore(kind, command.Score))
        {
            return EventResult<SurveyReceipt>.Failed(EventStatus.Unprocessable, $"A {command.Kind} survey cannot have the score {command.Score}.");
        }

        var now = clock.GetUtcNow();
        var sentiment = FeedbackSentiment.Of(command.Comment);
        var receipt = new SurveyReceipt(command.ResponseId, sentiment);
        var payload = new SurveyEvent
        {
            Fingerprint = fingerprint,
            Command = JsonSerializer.SerializeToElement(command, JournaledEvent.Json),
            Receipt = JsonSerializer.SerializeToElement(receipt, JournaledEvent.Json),
            Sentiment = sentiment,
            Kpis = [
                .. KpiFacts.Survey(command.Storefront, null, command.OccurredAt, kind, command.Score),
                .. KpiFacts.Sentiment(command.Storefront, null, command.OccurredAt, sentiment),
            ],
        };
        var entry = new JournalAppend(Stream, 1, SurveyEvent.Type, SurveyEvent.Type, command.OccurredAt, now, JsonSerializer.Serialize(payload, JournaledEvent.Json));
        if (await journal.AppendAsync(Stream, [entry], dueAt: null) == AppendOutcome.StreamConflict)
        {
            // Another activation stored this answer first: its row decides.
            await LoadAsync(CancellationToken.None);
            return _stored is null
                ? throw new InvalidOperationException($"Survey stream {Stream} refused an append but holds no answer.")
                : AnswerFromStored(fingerprint);
        }

        _stored = payload;
        return EventResult<SurveyReceipt>.Applied(receipt);
    }

    private EventResult<SurveyReceipt> AnswerFromStored(string fingerprint) =>
        _stored!.Fingerprint == fingerprint
            ? new EventResult<SurveyReceipt>(EventStatus.Duplicate, _stored.Receipt.Deserialize<SurveyReceipt>(JournaledEvent.Json))
            : EventResult<SurveyReceipt>.Failed(EventStatus.Conflict, "This id was already used for an event with different content.");

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var entries = await journal.ReadStreamAsync(Stream, 0, cancellationToken);
        _stored = entries.Count == 0 ? null : JsonSerializer.Deserialize<SurveyEvent>(entries[0].Payload, JournaledEvent.Json);
    }
}
