using System.ComponentModel;
using System.Globalization;
using LoyaltyGrid.Domain.Prediction;
using ScottPlot;
using Spectre.Console.Cli;

namespace LoyaltyGrid.Cli.Model;

/// <summary>
/// <c>loyaltygrid model validate --data FILE [--calibration-end yyyy-MM-dd] [--holdout-weeks N] [--plot PNG]</c>:
/// the paper's holdout test of the repurchase model on a CDNOW-format file (defaults: the
/// paper's 39-week calibration from 1997-01-01, 39 holdout weeks). Prints the fit and the
/// holdout figures; with --plot, draws weekly and cumulative repeat purchases, actual vs predicted.
/// </summary>
public static class ModelCommand
{
    public const string Description =
        "The paper's holdout test of the repurchase model on a CDNOW-format file: fits on the calibration period, predicts the holdout weeks "
        + "and prints actual against predicted repeat purchases; with --plot, also draws them.";

    /// <summary>Runs <c>model validate</c>; returns the exit code.</summary>
    public static Task<int> RunAsync(ModelSettings settings, TextWriter output, TextWriter error)
    {
        var data = settings.Data ?? throw new ArgumentException("--data is required.");
        if (!DateOnly.TryParseExact(settings.CalibrationEnd, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var calibrationEnd)
            || settings.HoldoutWeeks < 1)
        {
            throw new ArgumentException("--calibration-end must be yyyy-MM-dd and --holdout-weeks a positive whole number.");
        }

        if (!File.Exists(data))
        {
            error.WriteLine($"No such file: {data}");
            return Task.FromResult(1);
        }

        var report = HoldoutValidation.Run(CdnowFormat.Purchases(File.ReadLines(data)), calibrationEnd, settings.HoldoutWeeks);
        Print(report, calibrationEnd, output);
        if (settings.Plot is { } plotPath)
        {
            HoldoutPlot.Save(report, calibrationEnd, plotPath);
            output.WriteLine($"plot: {Path.GetFullPath(plotPath)}");
        }

        return Task.FromResult(0);
    }

    private static void Print(HoldoutReport report, DateOnly calibrationEnd, TextWriter output)
    {
        var p = report.Fit.Parameters;
        var invariant = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(invariant, $"calibration: purchases before {calibrationEnd:yyyy-MM-dd}, {report.Fit.Customers} customers"));
        output.WriteLine(string.Create(invariant, $"fit: r={p.R:F4} alpha={p.Alpha:F4} a={p.A:F4} b={p.B:F4} logLikelihood={report.Fit.LogLikelihood:F2}"));
        output.WriteLine("week  actual  predicted  cum.actual  cum.predicted");
        foreach (var week in report.Weeks)
        {
            output.WriteLine(string.Create(invariant, $"{week.Week,4}  {week.Actual,6:F0}  {week.Predicted,9:F1}  {week.CumulativeActual,10:F0}  {week.CumulativePredicted,13:F1}"));
        }

        output.WriteLine(string.Create(invariant,
            $"holdout total: actual {report.TotalActual:F0}, predicted {report.TotalPredicted:F1}, error {report.RelativeError * 100:+0.0;-0.0} %"));
    }
}

public sealed class ModelSettings : CommandSettings
{
    [CommandOption("--data <FILE>")]
    [Description("Purchases in the CDNOW format.")]
    public string? Data { get; init; }

    [CommandOption("--calibration-end <DATE>")]
    [Description("First day after the calibration period, yyyy-MM-dd.")]
    [DefaultValue("1997-10-01")]
    public string CalibrationEnd { get; init; } = "1997-10-01";

    [CommandOption("--holdout-weeks <N>")]
    [DefaultValue(39)]
    public int HoldoutWeeks { get; init; } = 39;

    [CommandOption("--plot <FILE.png>")]
    [Description("Draw weekly and cumulative repeat purchases, actual against predicted.")]
    public string? Plot { get; init; }
}

/// <summary>The holdout chart: weekly repeat purchases above, cumulative below.</summary>
internal static class HoldoutPlot
{
    public static void Save(HoldoutReport report, DateOnly calibrationEnd, string path)
    {
        var weeks = report.Weeks.Select(week => (double)week.Week).ToArray();
        var multiplot = new ScottPlot.Multiplot();
        multiplot.AddPlots(2);

        var weekly = multiplot.GetPlot(0);
        Draw(weekly, weeks, report.Weeks.Select(week => week.Actual).ToArray(), report.Weeks.Select(week => week.Predicted).ToArray());
        weekly.Title(string.Create(CultureInfo.InvariantCulture,
            $"BG/NBD holdout after {calibrationEnd:yyyy-MM-dd}: repeat purchases per week (error of total {report.RelativeError * 100:+0.0;-0.0} %)"));
        weekly.YLabel("repeat purchases");

        var cumulative = multiplot.GetPlot(1);
        Draw(cumulative, weeks, report.Weeks.Select(week => week.CumulativeActual).ToArray(), report.Weeks.Select(week => week.CumulativePredicted).ToArray());
        cumulative.Title("Cumulative repeat purchases in the holdout");
        cumulative.YLabel("repeat purchases");

        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        multiplot.SavePng(path, 1200, 900);
    }

    private static void Draw(ScottPlot.Plot plot, double[] weeks, double[] actual, double[] predicted)
    {
        var seen = plot.Add.Scatter(weeks, actual);
        seen.LegendText = "actual";
        seen.LineWidth = 2;
        var expected = plot.Add.Scatter(weeks, predicted);
        expected.LegendText = "predicted (BG/NBD)";
        expected.LineWidth = 2;
        expected.LinePattern = ScottPlot.LinePattern.Dashed;
        plot.XLabel("holdout week");
        plot.Axes.SetLimitsY(0, Math.Max(actual.Max(), predicted.Max()) * 1.1);
        plot.ShowLegend(ScottPlot.Alignment.UpperLeft);
    }
}
