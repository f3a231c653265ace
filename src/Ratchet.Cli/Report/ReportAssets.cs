namespace Ratchet.Cli.Report;

/// <summary>The report's inline style and script: no fonts, no libraries, nothing fetched.</summary>
internal static class ReportAssets
{
    public const string Style = """
        body{font-family:sans-serif;margin:24px;color:#222}h1{margin-bottom:0}.path{color:#666;margin-top:4px}
        .frame{fill:none;stroke:#ddd}.axis{font-size:11px;fill:#666}.line{fill:none;stroke:#1f77b4;stroke-width:1.5}
        .points circle{fill:#1f77b4;r:2.5px}.points circle:hover{fill:#d62728;r:4px}.resume{stroke:#d62728;stroke-dasharray:4 3}.tip{font-size:12px;fill:#333}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:3px 8px;font-size:13px}
        tr.damaged{background:#fdd}tr.pruned{color:#999}pre{background:#f6f6f6;padding:8px;overflow:auto}.controls{margin:12px 0}
        """;

    /// <summary>Redraws each chart's line and markers from the JSON data block: exponential smoothing, step or time axis.</summary>
    public const string Script = """
        (function () {
          var data = JSON.parse(document.getElementById('data').textContent);
          var W = 760, H = 240, M = 44;
          function seriesOf(i) {
            var points = [];
            data.values[i].forEach(function (v, k) { if (v !== null) points.push([data.steps[k], data.times[k], v]); });
            return points;
          }
          function draw() {
            var alpha = parseFloat(document.getElementById('smoothing').value);
            var useTime = document.getElementById('time-axis').checked;
            data.names.forEach(function (name, i) {
              var svg = document.getElementById('chart-' + i), points = seriesOf(i);
              if (!svg || points.length === 0) return;
              var xs = points.map(function (p) { return useTime ? p[1] : p[0]; });
              var ys = [], last = points[0][2];
              points.forEach(function (p) { last = alpha * last + (1 - alpha) * p[2]; ys.push(last); });
              var minX = Math.min.apply(null, xs), maxX = Math.max.apply(null, xs);
              var raw = points.map(function (p) { return p[2]; });
              var minY = Math.min.apply(null, raw), maxY = Math.max.apply(null, raw);
              function X(v) { return M + (v - minX) / Math.max(1e-12, maxX - minX) * (W - 2 * M); }
              function Y(v) { return H - M - (v - minY) / Math.max(1e-12, maxY - minY) * (H - 2 * M); }
              svg.querySelector('.line').setAttribute('d', xs.map(function (x, k) { return (k ? 'L' : 'M') + X(x).toFixed(1) + ',' + Y(ys[k]).toFixed(1); }).join(' '));
              var tip = svg.querySelector('.tip');
              svg.querySelectorAll('.points circle').forEach(function (c, k) {
                c.setAttribute('cx', X(xs[k]).toFixed(1)); c.setAttribute('cy', Y(ys[k]).toFixed(1));
                c.onmouseenter = function () { tip.textContent = name + ' = ' + points[k][2] + ' at step ' + points[k][0] + ' (' + new Date(points[k][1] * 1000).toISOString().slice(0, 19) + 'Z)'; };
              });
              svg.querySelector('.x-min').textContent = useTime ? new Date(minX * 1000).toISOString().slice(0, 19) : minX;
              svg.querySelector('.x-max').textContent = useTime ? new Date(maxX * 1000).toISOString().slice(0, 19) : maxX;
            });
          }
          document.getElementById('smoothing').addEventListener('input', draw);
          document.getElementById('time-axis').addEventListener('change', draw);
          draw();
        })();
        """;
}
