namespace LoyaltyGrid.Deploy.Tests;

/// <summary>A Dockerfile as a list of stages and instructions (continuations joined, comments dropped).</summary>
internal sealed class Dockerfile
{
    private Dockerfile(IReadOnlyList<Instruction> instructions) => Instructions = instructions;

    public IReadOnlyList<Instruction> Instructions { get; }

    public IEnumerable<Instruction> Stage(string name)
    {
        var inStage = false;
        foreach (var instruction in Instructions)
        {
            if (instruction.Keyword == "FROM")
            {
                var parts = instruction.Words;
                inStage = parts.Count >= 3 && parts[^2].Equals("AS", StringComparison.OrdinalIgnoreCase) && parts[^1] == name;
            }

            if (inStage)
            {
                yield return instruction;
            }
        }
    }

    /// <summary>The instructions of the last stage, the one the image is made of.</summary>
    public IReadOnlyList<Instruction> FinalStage => Instructions.Skip(Instructions.ToList().FindLastIndex(i => i.Keyword == "FROM")).ToList();

    public static Dockerfile Parse(string file)
    {
        var instructions = new List<Instruction>();
        var pending = "";
        foreach (var raw in File.ReadAllLines(file))
        {
            var line = raw.Trim();
            if (pending.Length == 0 && (line.Length == 0 || line.StartsWith('#')))
            {
                continue;
            }

            if (line.StartsWith('#'))
            {
                continue; // a comment inside a continued instruction
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }

            var text = pending + line;
            pending = "";
            var space = text.IndexOf(' ', StringComparison.Ordinal);
            instructions.Add(new Instruction(text[..space].ToUpperInvariant(), text[(space + 1)..].Trim()));
        }

        return new Dockerfile(instructions);
    }

    internal sealed record Instruction(string Keyword, string Arguments)
    {
        public IReadOnlyList<string> Words => Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        /// <summary>ENV's <c>KEY=value</c> pairs (values here are never quoted or spaced).</summary>
        public IEnumerable<KeyValuePair<string, string>> Assignments => Words.Select(word =>
        {
            var equals = word.IndexOf('=', StringComparison.Ordinal);
            return new KeyValuePair<string, string>(word[..equals], word[(equals + 1)..]);
        });
    }
}
