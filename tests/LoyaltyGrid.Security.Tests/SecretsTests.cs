using System.Text.RegularExpressions;
using LoyaltyGrid.Security.Tests.Support;
using LoyaltyGrid.Testing;

namespace LoyaltyGrid.Security.Tests;

/// <summary>
/// Secrets come only from configuration or the environment: outside Development the server
/// refuses to start without them, and no source file under src/ holds one.
/// </summary>
public sealed partial class SecretsTests : IAsyncLifetime
{
    private string _connectionString = "";

    public async Task InitializeAsync() => _connectionString = await TestPostgres.CreateMigratedDatabaseAsync("secrets");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Outside_development_the_server_refuses_to_start_without_a_usable_key_or_a_signing_key()
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__LoyaltyGrid"] = _connectionString,
            // The one key there is, is revoked.
            ["Auth__ApiKeys__0__Key"] = SecurityKeys.RevokedKey,
            ["Auth__ApiKeys__0__Role"] = "storefront",
            ["Auth__ApiKeys__0__Storefront"] = SecurityKeys.StoreA,
            ["Auth__ApiKeys__0__Revoked"] = "true",
        };

        await using var server = ServerProcess.Start(environment);
        var exitCode = await server.WaitForExitAsync(TimeSpan.FromSeconds(90));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Auth:ApiKeys must hold at least one key that is not revoked outside Development", server.Output, StringComparison.Ordinal);
        Assert.Contains("Auth:TokenSigningKey must be set outside Development", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(SecurityKeys.RevokedKey, server.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData($"var a = \"{SecurityKeys.StoreAKey}\";")]
    [InlineData($"options.TokenSigningKey = \"{SecurityKeys.SigningKey}\";")]
    [InlineData("{ \"Auth\": { \"ApiKeys\": [ { \"Key\": \"short-but-set\", \"Role\": \"ops\" } ] } }")]
    [InlineData("const key = 'sf_4f3a9c0d2e1b8a7f6e5d4c3b2a190817a6b5c4d3';")]
    [InlineData("\"Host=db;Password=Hunter2Hunter2;Database=loyalty\"")]
    [InlineData("var b = \"q8Zr3+Vt9Kx2/Lm5Np7Qw1Ys4Bd6Fh0Jk=\";")]
    public void The_secret_detector_finds_keys_written_like_real_ones(string line)
    {
        // The scan of src/ is only worth its silence if it speaks up on secrets of the kinds
        // LoyaltyGrid uses: its test keys, generated development keys, hex and base64 secrets,
        // secret-named settings and connection-string passwords.
        Assert.NotEmpty(Findings("planted.cs", line));
    }

    [Theory]
    [InlineData("meter.CreateCounter<long>(\"loyaltygrid.kpi.repeat_purchase_rate\");")]
    [InlineData("const string ProblemJson = \"application/problem+json\";")]
    [InlineData("var at = \"2026-11-22T10:00:00Z\";")]
    [InlineData("problems.Add(\"Auth:ApiKeys:0:Key must be at least 16 characters long.\");")]
    [InlineData("var password = await File.ReadAllTextAsync(PasswordFile, cancellationToken);")]
    [InlineData("Password = password.Trim(),")]
    [InlineData("public const string HeaderName = \"X-Api-Key\";")]
    public void The_secret_detector_leaves_names_routes_and_code_alone(string line) =>
        Assert.Empty(Findings("ordinary.cs", line));

    [Fact]
    public void No_source_file_under_src_holds_a_key_a_signing_key_or_a_password()
    {
        var source = Repository.File("src");
        var files = Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories)
            .Where(file => !IsGeneratedOrVendored(Path.GetRelativePath(source, file)))
            .Where(file => Path.GetExtension(file) is ".cs" or ".json" or ".js" or ".html" or ".css" or ".sql" or ".md" or ".csproj" or ".yaml" or ".yml")
            .ToList();

        var findings = files.SelectMany(file => Findings(Path.GetRelativePath(source, file), File.ReadAllText(file))).ToList();

        Assert.True(files.Count > 50, $"Only {files.Count} source files were found under {source}.");
        Assert.True(findings.Count == 0, $"Secret-looking literals in src/:\n{string.Join('\n', findings)}");
    }

    /// <summary>Literals that look like secrets, and secret-named settings given a literal value.</summary>
    private static List<string> Findings(string file, string text)
    {
        var findings = new List<string>();
        foreach (Match match in QuotedLiteral().Matches(text))
        {
            var literal = match.Groups["value"].Value;
            if (LooksRandom(literal))
            {
                findings.Add($"{file}: \"{literal}\" looks like a key");
            }
        }

        foreach (Match match in SecretAssignment().Matches(text))
        {
            findings.Add($"{file}: {match.Value} sets a secret in source");
        }

        return findings.Distinct().ToList();
    }

    /// <summary>
    /// Random-looking: 16+ characters of key alphabets with letters and several digits mixed
    /// through, and high character entropy; names, paths, routes and metric names are words.
    /// </summary>
    private static bool LooksRandom(string literal)
    {
        if (literal.Length < 16 || !KeyAlphabet().IsMatch(literal))
        {
            return false;
        }

        var digits = literal.Count(char.IsAsciiDigit);
        var letters = literal.Count(char.IsAsciiLetter);
        if (digits < 4 || letters < 4)
        {
            return false;
        }

        var entropy = literal.GroupBy(character => character)
            .Select(group => (double)group.Count() / literal.Length)
            .Sum(p => -p * Math.Log2(p));
        return entropy >= 3.5;
    }

    private static bool IsGeneratedOrVendored(string relative)
    {
        var parts = relative.Split(Path.DirectorySeparatorChar);
        // bin/obj are build output; Board/lib is the npm SignalR client copied in by the build
        // (ignored by git); package-lock.json holds npm's integrity hashes, not secrets.
        return parts.Any(part => part is "bin" or "obj" or "node_modules")
            || relative.Replace('\\', '/').Contains("Board/lib/", StringComparison.Ordinal)
            || Path.GetFileName(relative) == "package-lock.json";
    }

    [GeneratedRegex("""["'](?<value>[^"'\s]{16,200})["']""")]
    private static partial Regex QuotedLiteral();

    [GeneratedRegex("^[A-Za-z0-9_+/=-]+$")]
    private static partial Regex KeyAlphabet();

    // "Key": "x" in JSON, Key = "x" / TokenSigningKey = "x" in C#, Password=x in a connection string.
    [GeneratedRegex("""(?i)(["']?\b(?:key|apikey|tokensigningkey|secret|password)\b["']?\s*[:=]\s*["'][^"'\s]+["'])|(\bpassword=[^;"'\s{}]+)""")]
    private static partial Regex SecretAssignment();
}
