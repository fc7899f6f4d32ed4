// SPDX-License-Identifier: MIT
using System.Globalization;

namespace Lockbox.EndToEnd.Tests.Observability;

/// <summary>Reads samples out of a Prometheus text exposition (one <c>name{labels} value [timestamp]</c> per line).</summary>
internal sealed class PrometheusText(string text)
{
    public string Text { get; } = text;

    /// <summary>The sum of <paramref name="name"/>'s samples whose labels contain <paramref name="label"/> (e.g. <c>result="ok"</c>); 0 if none.</summary>
    public double Sum(string name, string label = "")
    {
        var total = 0.0;
        foreach (var line in Text.Split('\n'))
        {
            if (line.StartsWith('#') || !(line.StartsWith(name + "{", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal)))
            {
                continue;
            }

            var labelsEnd = line.LastIndexOf('}');
            var labels = labelsEnd < 0 ? "" : line[..labelsEnd];
            if (labels.Contains(label, StringComparison.Ordinal))
            {
                var value = line[(labelsEnd + 1)..].Trim().Split(' ')[0];
                total += double.Parse(value, CultureInfo.InvariantCulture);
            }
        }

        return total;
    }
}
