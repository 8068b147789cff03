namespace LoyaltyGrid.Grains.Journaling;

/// <summary>
/// What an activation knows of its stream's stored due moment, so that an append rewrites it only
/// when it must. Most events move the next moment later (a purchase pushes the lifecycle moment
/// out), and a stored moment that is earlier than needed is harmless: the wake finds nothing due
/// and stores the right one. So only an earlier moment, or none any more, is worth a write.
/// </summary>
public sealed class StoredDueMoment
{
    private bool _known;
    private DateTimeOffset? _at;

    /// <summary>Whether an append that leaves <paramref name="next"/> as the stream's next moment must store it.</summary>
    public bool NeedsWrite(DateTimeOffset? next) => !_known || (next, _at) switch
    {
        (null, null) => false,
        ({ } sooner, { } stored) => sooner < stored,
        _ => true,
    };

    public void Stored(DateTimeOffset? at)
    {
        _known = true;
        _at = at;
    }

    /// <summary>After a failed write the stored moment is whatever the database kept.</summary>
    public void Forget() => _known = false;
}
