namespace LoyaltyGrid.Testing;

/// <summary>Waiting for a process the tests started to answer over HTTP.</summary>
public static class Readiness
{
    /// <summary>
    /// Polls <paramref name="path"/> until it answers 2xx; false when <paramref name="patience"/>
    /// ran out first. <paramref name="throwIfGone"/> is called before each attempt, so a process
    /// that died fails the wait at once, with its own story, rather than at the end of it.
    /// </summary>
    public static async Task<bool> WaitUntilAnswersAsync(HttpClient http, string path, TimeSpan patience, Action? throwIfGone = null)
    {
        var clock = TimeProvider.System;
        var started = clock.GetTimestamp();
        while (clock.GetElapsedTime(started) < patience)
        {
            throwIfGone?.Invoke();
            try
            {
                using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        return false;
    }
}
