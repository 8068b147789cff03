using System.Xml.Linq;
using LoyaltyGrid.Silo;

namespace LoyaltyGrid.Deploy.Tests;

/// <summary>deploy/Dockerfile against the repository it builds and the server it runs.</summary>
public sealed class DockerfileTests
{
    private static readonly Dockerfile Spec = Dockerfile.Parse(Repo.Deploy("Dockerfile"));

    private static Dictionary<string, string> FinalEnvironment => Spec.FinalStage
        .Where(instruction => instruction.Keyword == "ENV")
        .SelectMany(instruction => instruction.Assignments)
        .ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);

    [Fact]
    public void It_builds_on_the_SDK_with_npm_and_runs_on_the_ASP_NET_runtime()
    {
        var stages = Spec.Instructions.Where(instruction => instruction.Keyword == "FROM").Select(instruction => instruction.Words[0]).ToList();
        Assert.Equal(2, stages.Count);
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:", stages[0], StringComparison.Ordinal);
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:", stages[1], StringComparison.Ordinal);

        // The server's build runs `npm ci` for the wall; npm must be there before the publish.
        var build = Spec.Stage("build").ToList();
        var npmInstall = build.FindIndex(instruction => instruction.Keyword == "RUN" && instruction.Words.Contains("npm") && instruction.Arguments.Contains("apt-get install", StringComparison.Ordinal));
        var publish = build.FindIndex(instruction => instruction.Keyword == "RUN" && instruction.Arguments.StartsWith("dotnet publish", StringComparison.Ordinal));
        Assert.InRange(npmInstall, 0, publish - 1);
    }

    [Fact]
    public void It_publishes_the_server_project_in_Release_and_runs_its_dll()
    {
        var publish = Spec.Stage("build").Single(instruction => instruction.Keyword == "RUN" && instruction.Arguments.StartsWith("dotnet publish", StringComparison.Ordinal)).Words;
        var project = publish[2];
        Assert.Equal("src/LoyaltyGrid.Server/LoyaltyGrid.Server.csproj", project);
        Assert.True(File.Exists(Repo.File(project)), $"{project} does not exist");
        Assert.Equal("Microsoft.NET.Sdk.Web", XDocument.Load(Repo.File(project)).Root!.Attribute("Sdk")!.Value);
        Assert.Equal("Release", publish[publish.ToList().IndexOf("-c") + 1]);
        var output = publish[publish.ToList().IndexOf("-o") + 1];

        var copy = Spec.FinalStage.Single(instruction => instruction.Keyword == "COPY" && instruction.Words[0] == "--from=build").Words;
        Assert.Equal(output, copy[1]);
        var entrypoint = Spec.FinalStage.Single(instruction => instruction.Keyword == "ENTRYPOINT").Arguments;
        Assert.Equal($"[\"dotnet\", \"{Path.GetFileNameWithoutExtension(project)}.dll\"]", entrypoint);
    }

    [Fact]
    public void Restore_sees_every_project_the_server_references_and_the_build_settings()
    {
        var copied = Spec.Stage("build")
            .Where(instruction => instruction.Keyword == "COPY")
            .SelectMany(instruction => instruction.Words.SkipLast(1))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var project in ProjectClosure("src/LoyaltyGrid.Server/LoyaltyGrid.Server.csproj"))
        {
            Assert.Contains(project, copied);
        }

        foreach (var setting in new[] { "Directory.Build.props", "Directory.Packages.props", ".editorconfig" })
        {
            Assert.Contains(setting, copied);
        }

        // Whatever is copied must get past the build context's filter (an allow-list).
        var allowed = File.ReadAllLines(Repo.Deploy("Dockerfile.dockerignore"))
            .Where(line => line.StartsWith('!'))
            .Select(line => line[1..])
            .ToList();
        foreach (var source in copied)
        {
            Assert.True(File.Exists(Repo.File(source)) || Directory.Exists(Repo.File(source)), $"COPY {source}: no such file in the repository");
            Assert.True(allowed.Any(allow => source == allow || source.StartsWith(allow.TrimEnd('/') + "/", StringComparison.Ordinal)), $"COPY {source} is filtered out by Dockerfile.dockerignore");
        }
    }

    [Fact]
    public void It_exposes_the_ports_the_server_listens_on_and_checks_healthz_on_the_http_port()
    {
        var environment = FinalEnvironment;
        var defaults = new OrleansHostingOptions();
        var http = Settings.HttpPort(environment["ASPNETCORE_URLS"]);
        var silo = int.Parse(environment.GetValueOrDefault("Orleans__SiloPort") ?? $"{defaults.SiloPort}", System.Globalization.CultureInfo.InvariantCulture);
        var gateway = int.Parse(environment.GetValueOrDefault("Orleans__GatewayPort") ?? $"{defaults.GatewayPort}", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal((8080, 11111, 30000), (http, silo, gateway));

        var exposed = Spec.FinalStage.Where(instruction => instruction.Keyword == "EXPOSE").SelectMany(instruction => instruction.Words).Select(int.Parse).Order();
        Assert.Equal(new[] { http, silo, gateway }.Order(), exposed);

        var healthcheck = Spec.FinalStage.Single(instruction => instruction.Keyword == "HEALTHCHECK").Arguments;
        Assert.Contains($"http://127.0.0.1:{http}/healthz", healthcheck, StringComparison.Ordinal);

        var unread = Settings.Unread(environment.Keys);
        Assert.True(unread.Count == 0, string.Join("; ", unread));
    }

    [Fact]
    public void It_runs_as_a_user_that_is_not_root()
    {
        var user = Spec.FinalStage.Last(instruction => instruction.Keyword == "USER").Arguments;
        Assert.DoesNotContain(user.Split(':')[0], new[] { "root", "0" });
        // USER comes before what runs, not only before a later stage.
        var index = Spec.FinalStage.ToList().FindLastIndex(instruction => instruction.Keyword == "USER");
        Assert.True(index < Spec.FinalStage.ToList().FindIndex(instruction => instruction.Keyword == "ENTRYPOINT"));
    }

    /// <summary>A project and every project it references, as repository-relative paths.</summary>
    private static SortedSet<string> ProjectClosure(string project)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var next))
        {
            if (!found.Add(next))
            {
                continue;
            }

            var directory = Path.GetDirectoryName(Repo.File(next))!;
            foreach (var reference in XDocument.Load(Repo.File(next)).Descendants("ProjectReference"))
            {
                var path = Path.GetFullPath(Path.Combine(directory, reference.Attribute("Include")!.Value.Replace('\\', '/')));
                pending.Push(Path.GetRelativePath(Repo.Root, path).Replace('\\', '/'));
            }
        }

        return found;
    }
}
