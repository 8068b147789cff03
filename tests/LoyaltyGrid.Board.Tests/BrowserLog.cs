using System.Collections.Concurrent;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace LoyaltyGrid.Board.Tests;

/// <summary>A page's console messages and uncaught errors, kept so a failing test can show what the wall said.</summary>
internal sealed class BrowserLog : IEnumerable<string>
{
    private readonly ConcurrentQueue<string> _lines = new();

    private BrowserLog()
    {
    }

    public static BrowserLog Of(IPage page)
    {
        var log = new BrowserLog();
        page.Console += (_, message) => log._lines.Enqueue($"console.{message.Type}: {message.Text}");
        page.PageError += (_, error) => log._lines.Enqueue($"pageerror: {error}");
        return log;
    }

    /// <summary>A line of the test's own, such as a navigation it watches for.</summary>
    public void Add(string line) => _lines.Enqueue(line);

    public IEnumerator<string> GetEnumerator() => _lines.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public void WriteTo(ITestOutputHelper output)
    {
        foreach (var line in _lines)
        {
            output.WriteLine(line);
        }
    }
}
