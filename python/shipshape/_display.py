"""Notebook display: HTML tables of findings and the plots of Report.plot()."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any, Iterable, Optional

if TYPE_CHECKING:
    from .model import Finding
    from .report import Report

COLOURS = {"error": "#d73a49", "warning": "#e36209", "info": "#0366d6"}
_MAX_ROWS = 200


def _badge(severity: str) -> str:
    colour = COLOURS.get(severity, "#586069")
    return (f'<span style="background:{colour};color:#fff;border-radius:3px;padding:0 5px;'
            f'font-size:90%">{html.escape(severity)}</span>')


def findings_html(findings: Iterable["Finding"], limit: int = _MAX_ROWS) -> str:
    rows = []
    items = list(findings)
    for f in items[:limit]:
        colour = COLOURS.get(f.severity.value, "#586069")
        obj = html.escape(f.object.display()) if f.object else ""
        fix = " &#128295;" if f.fix else ""
        rows.append(
            f'<tr style="border-left:4px solid {colour}">'
            f"<td>{_badge(f.severity.value)}</td>"
            f"<td><code>{html.escape(f.rule)}</code>{fix}</td>"
            f"<td>{obj}</td>"
            f"<td>{html.escape(f.message)}</td>"
            f"<td><code>{html.escape(f.file)}:{f.line}:{f.column}</code></td>"
            f"<td><code>{html.escape(f.path)}</code></td></tr>")
    more = ""
    if len(items) > limit:
        more = f'<tr><td colspan="6"><i>… {len(items) - limit} more (use to_dataframe())</i></td></tr>'
    return ('<table class="shipshape-findings">'
            "<thead><tr><th>severity</th><th>rule</th><th>object</th><th>message</th><th>location</th>"
            "<th>field</th></tr></thead>"
            f"<tbody>{''.join(rows)}{more}</tbody></table>")


def report_html(report: "Report") -> str:
    s = report.summary
    counts = " ".join(f"{_badge(sev)} {n}" for sev, n in (("error", s.error), ("warning", s.warning), ("info", s.info)))
    head = (f"<p><b>shipshape</b>: {s.findings} findings in {s.objects} objects of {s.files} files "
            f"({s.rules_run} rules) &nbsp; {counts}"
            + (f" &nbsp; {s.suppressed} suppressed" if s.suppressed else "") + "</p>")
    errors = ""
    if report.errors:
        items = "".join(f"<li>{html.escape(str(e))}</li>" for e in report.errors)
        errors = f'<p style="color:{COLOURS["error"]}"><b>errors</b></p><ul>{items}</ul>'
    body = findings_html(report) if len(report) else "<p>No findings.</p>"
    return f'<div class="shipshape-report">{head}{errors}{body}</div>'


def plot_report(report: "Report", by: str = "namespace", label: Optional[str] = None, top: int = 15) -> Any:
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle
    from matplotlib.ticker import MaxNLocator

    df = report.to_dataframe(labels=[label] if label else [])
    group = label or by
    fig, axes = plt.subplots(1, 3, figsize=(16, max(3.0, 0.35 * min(top, max(1, df["rule"].nunique())) + 1.5)))
    colours = [COLOURS[s] for s in ("info", "warning", "error")]

    def stacked(ax: Any, column: str, title: str) -> None:
        if df.empty:
            ax.set_title(title)
            ax.text(0.5, 0.5, "no findings", ha="center", va="center", transform=ax.transAxes)
            return
        keys = df[column].astype("object").fillna("(none)")
        table = df.assign(_key=keys).pivot_table(index="_key", columns="severity", values="line", aggfunc="count",
                                                 fill_value=0, observed=False)
        table = table.reindex(columns=["info", "warning", "error"], fill_value=0)
        table = table.loc[table.sum(axis=1).sort_values(ascending=True).index[-top:]]
        table.plot.barh(stacked=True, ax=ax, color=colours, legend=False, width=0.8)
        ax.set_title(title)
        ax.set_ylabel("")
        ax.set_xlabel("findings")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))

    stacked(axes[0], "rule", "Findings by rule")
    sev = df["severity"].value_counts().reindex(["info", "warning", "error"], fill_value=0)
    axes[1].bar(sev.index.astype(str), sev.values, color=colours)
    axes[1].set_title("Findings by severity")
    axes[1].yaxis.set_major_locator(MaxNLocator(integer=True))
    stacked(axes[2], group, f"Findings by {'label ' + label if label else by}")
    handles = [Rectangle((0, 0), 1, 1, color=c) for c in colours]
    fig.legend(handles, ["info", "warning", "error"], loc="lower center", ncol=3, frameon=False)
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    return fig
