using System.Diagnostics.Metrics;

namespace Prioritise.Grains;

/// <summary>
/// The service's own counters, on the meter "Prioritise". The silo exports them over OTLP (with
/// ASP.NET Core's and Orleans' meters) when OTEL_EXPORTER_OTLP_ENDPOINT is set; otherwise nothing
/// listens and an increment costs next to nothing.
/// </summary>
public static class PrioritiseMetrics
{
    public const string MeterName = "Prioritise";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Score sheets submitted, first submissions and replacements alike (drafts are not counted).</summary>
    public static readonly Counter<long> SheetsSubmitted =
        Meter.CreateCounter<long>("prioritise.sheets.submitted", "{sheet}", "Score sheets submitted (first submissions and replacements).");

    /// <summary>Moderation actions the chair took (an idempotent retry is not counted again).</summary>
    public static readonly Counter<long> ModerationActions =
        Meter.CreateCounter<long>("prioritise.moderation.actions", "{action}", "Moderation actions taken by a chair.");

    /// <summary>Decisions finance confirmed (an idempotent retry is not counted again).</summary>
    public static readonly Counter<long> DecisionsConfirmed =
        Meter.CreateCounter<long>("prioritise.decisions.confirmed", "{decision}", "Funding decisions confirmed by finance.");
}
