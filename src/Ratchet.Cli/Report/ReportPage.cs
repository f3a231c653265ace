using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Ratchet.Checkpoints;
using Ratchet.History;
using Ratchet.Runs;

namespace Ratchet.Cli.Report;

/// <summary>What the report shows, gathered by reading the run.</summary>
internal sealed record ReportData(
    string RunDirectory, RunInfo? Info, IReadOnlyList<HistoryRecord> History, IReadOnlyList<CheckpointStatus> Checkpoints,
    IReadOnlySet<long> Pinned, IReadOnlyDictionary<long, IReadOnlyList<string>> KeptBecause, IReadOnlyList<RunSession> Sessions,
    IReadOnlyList<PrunedCheckpoint> Pruned,
    IReadOnlyList<(string Name, byte[] Svg)> Pictures);

/// <summary>
/// The self-contained HTML report: charts, the checkpoint timeline, the sessions, config and identity, pictures. Every
/// string from the run (folder, metric names, config keys and values, messages) is HTML-encoded, and the data for the
/// script goes in a JSON block whose encoder escapes &lt; and &gt;, so nothing from a run can become markup or script.
/// Pictures are embedded as images (data: URIs), which cannot run scripts. No network: no external file is referenced.
/// </summary>
internal static class ReportPage
{
    // The config is HTML-encoded as a whole when written, so its JSON needs no escaping of its own to be safe.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Render(ReportData data)
    {
        var metrics = data.History.SelectMany(record => record.Metrics.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var html = new StringBuilder();
        string name = Encode(Path.GetFileName(data.RunDirectory.TrimEnd('/')));
        html.Append(CultureInfo.InvariantCulture, $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Ratchet report: {name}</title>");
        html.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">");
        html.Append("<style>").Append(ReportAssets.Style).Append("</style></head><body>");
        html.Append(CultureInfo.InvariantCulture, $"<h1>{name}</h1><p class=\"path\">{Encode(data.RunDirectory)}</p>");
        html.Append(CultureInfo.InvariantCulture, $"<p>{data.History.Count} history records, {data.Checkpoints.Count} checkpoints, {data.Sessions.Count} sessions.</p>");
        html.Append("<div class=\"controls\"><label>Smoothing <input id=\"smoothing\" type=\"range\" min=\"0\" max=\"0.99\" step=\"0.01\" value=\"0\"></label> ");
        html.Append("<label><input id=\"time-axis\" type=\"checkbox\"> time axis</label></div>");
        long[] resumes = [.. data.Sessions.Select(session => session.ResumedStep).OfType<long>().Distinct()];
        for (int i = 0; i < metrics.Count; i++)
        {
            html.Append(CultureInfo.InvariantCulture, $"<section class=\"metric\"><h2>{Encode(metrics[i])}</h2>{MetricChart.Render(metrics[i], data.History, resumes, i)}</section>");
        }

        html.Append(Timeline(data));
        html.Append(Identity(data));
        foreach (var (pictureName, svg) in data.Pictures)
        {
            html.Append(CultureInfo.InvariantCulture, $"<section><h2>{Encode(pictureName)}</h2><img alt=\"{Encode(pictureName)}\" src=\"data:image/svg+xml;base64,{Convert.ToBase64String(svg)}\"></section>");
        }

        html.Append("<script type=\"application/json\" id=\"data\">").Append(ScriptData(data, metrics)).Append("</script>");
        html.Append("<script>").Append(ReportAssets.Script).Append("</script></body></html>");
        return html.ToString();
    }

    private static string Timeline(ReportData data)
    {
        var rows = new StringBuilder("<section><h2>Checkpoints</h2><table><tr><th>Step</th><th>Epoch</th><th>State</th><th>Marks (why the last prune kept it)</th></tr>");
        foreach (var checkpoint in data.Checkpoints.OrderBy(status => status.Step ?? long.MaxValue))
        {
            string state = checkpoint.PassedChecks ? "committed" : "damaged";
            var marks = new List<string>();
            if (checkpoint.Step is { } step && data.Pinned.Contains(step))
            {
                marks.Add("pinned");
            }

            if (checkpoint.Step is { } kept && data.KeptBecause.TryGetValue(kept, out var reasons))
            {
                marks.AddRange(reasons.Where(reason => !marks.Contains(reason)).Select(Encode));
            }

            rows.Append(CultureInfo.InvariantCulture,
                $"<tr class=\"{state}\"><td>{checkpoint.Step?.ToString(CultureInfo.InvariantCulture) ?? Encode(checkpoint.DirectoryName)}</td><td>{checkpoint.Manifest?.Epoch}</td><td>{state}{(checkpoint.PassedChecks ? "" : ": " + Encode(string.Join(" ", checkpoint.Problems)))}</td><td>{string.Join(", ", marks)}</td></tr>");
        }

        foreach (var pruned in data.Pruned.OrderBy(entry => entry.Step))
        {
            rows.Append(CultureInfo.InvariantCulture,
                $"<tr class=\"pruned\"><td>{pruned.Step}</td><td>{pruned.Epoch}</td><td>pruned {pruned.Time:u}</td><td>{Encode(pruned.Reason)}</td></tr>");
        }

        rows.Append("</table><h2>Sessions</h2><table><tr><th>Opened</th><th>Resumed from</th><th>History set aside</th><th>Decision</th></tr>");
        foreach (var session in data.Sessions)
        {
            rows.Append(CultureInfo.InvariantCulture,
                $"<tr class=\"session\"><td>{session.Time:u}</td><td>{(session.ResumedStep is { } resumed ? $"step {resumed}" : "fresh start")}</td><td>{session.SetAside}</td><td>{Encode(session.Summary)}</td></tr>");
        }

        return rows.Append("</table></section>").ToString();
    }

    private static string Identity(ReportData data)
    {
        if (data.Info is not { } info)
        {
            return "<section><h2>Identity</h2><p>run.json is missing or unreadable.</p></section>";
        }

        string config = JsonSerializer.Serialize(info.Config, Indented);
        return string.Create(CultureInfo.InvariantCulture,
            $"<section><h2>Identity</h2><p>Signature {Encode(info.Signature)}, created {info.CreatedAt:u}; ignored keys: {Encode(string.Join(", ", info.IgnoredKeys))}.</p><pre>{Encode(config)}</pre></section>");
    }

    /// <summary>The data for the script: each record's step and time once, then each metric's values (null where a record
    /// lacks it), rounded to 7 significant digits. The default encoder escapes &lt;, &gt; and &amp;, so the block cannot be
    /// closed early, and metric names stay data.</summary>
    private static string ScriptData(ReportData data, List<string> metrics) =>
        JsonSerializer.Serialize(new
        {
            names = metrics,
            steps = data.History.Select(record => record.Step),
            times = data.History.Select(record => record.Time.ToUnixTimeSeconds()),
            values = metrics.Select(metric => data.History.Select(record =>
                record.Metrics.TryGetValue(metric, out double value) && double.IsFinite(value) ? double.Parse(value.ToString("G7", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : (double?)null)),
        });

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
