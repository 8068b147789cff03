using Spectre.Console;

namespace LoyaltyGrid.Cli.Terminal;

/// <summary>
/// Spectre consoles over the writers a command was given: colours and redrawing only where the
/// writer is the process's own terminal. Anything else (a pipe, a file, CI, a test's
/// StringWriter) gets plain text that scripts can parse.
/// </summary>
public static class Consoles
{
    public static bool IsTerminal(TextWriter writer) =>
        (ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected)
        || (ReferenceEquals(writer, Console.Error) && !Console.IsErrorRedirected);

    // Off a terminal there is no width to fit; wide enough that help's examples stay on one line.
    private const int PlainWidth = 120;

    public static IAnsiConsole For(TextWriter writer, bool? terminal = null)
    {
        var isTerminal = terminal ?? IsTerminal(writer);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = isTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = isTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = isTerminal ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!isTerminal)
        {
            console.Profile.Width = PlainWidth;
        }

        return console;
    }
}
