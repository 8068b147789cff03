using System.Diagnostics;
using System.Text;

namespace LoyaltyGrid.Postgres.Embedded;

/// <summary>
/// Runs PostgreSQL's programs. initdb and postgres refuse to run as root, so when this process is
/// root they run as the operating system user <c>postgres</c> (through runuser), which Debian's
/// packages create.
/// </summary>
internal sealed class CommandRunner
{
    public const string ServiceUser = "postgres";

    public bool RunsAsServiceUser { get; } = Environment.IsPrivilegedProcess;

    public async Task<CommandResult> RunAsync(string program, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (RunsAsServiceUser)
        {
            startInfo.FileName = "runuser";
            foreach (var prefix in new[] { "-u", ServiceUser, "--", program })
            {
                startInfo.ArgumentList.Add(prefix);
            }
        }
        else
        {
            startInfo.FileName = program;
        }

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        return await RunAsync(startInfo, cancellationToken);
    }

    /// <summary>Hands a folder to the service user, so the server it runs can write there.</summary>
    public async Task GiveToServiceUserAsync(string path, CancellationToken cancellationToken)
    {
        if (!RunsAsServiceUser)
        {
            return;
        }

        var startInfo = new ProcessStartInfo("chown")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("-R");
        startInfo.ArgumentList.Add($"{ServiceUser}:");
        startInfo.ArgumentList.Add(path);
        var result = await RunAsync(startInfo, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new EmbeddedPostgresException(
                $"Could not hand {path} to the operating system user '{ServiceUser}', which PostgreSQL runs as when LoyaltyGrid runs as root: {result.Output.Trim()}");
        }
    }

    private static async Task<CommandResult> RunAsync(ProcessStartInfo startInfo, CancellationToken cancellationToken)
    {
        using var process = new Process { StartInfo = startInfo };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new EmbeddedPostgresException($"Could not run {startInfo.FileName}: {ex.Message}", ex);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await process.WaitForExitAsync(cancellationToken);
        return new CommandResult(process.ExitCode, Read(output));
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Read(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}

internal sealed record CommandResult(int ExitCode, string Output);
