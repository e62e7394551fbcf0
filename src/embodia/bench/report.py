"""A run's report, from its database alone: report.md (plots as PNG files beside it) and a self-contained
report.html (plots and failure thumbnails embedded as base64). Both appear under their final names only when
complete; an incomplete run's report says so in its first line."""

from __future__ import annotations

import base64
import html
from pathlib import Path
from typing import Any

from embodia.bench.pool import reason_key
from embodia.bench.store import RunStore
from embodia.bench.summary import cell_table, failures, summarize, timing
from embodia.record.trace import write_atomic

MAX_THUMBS = 48


def _pct(x: float) -> str:
    return f"{100 * x:.1f} %"


def build(out: Path, store: RunStore, wall_seconds: float | None = None) -> dict[str, Path]:
    """Write report.md, report.html and report_files/*.png; return their paths."""
    from embodia.bench import plots

    rows = store.rows()
    config = store.get("config") or {}
    total = len(config.get("tasks", ())) * len(config.get("seeds", ()))
    s, t, reasons = summarize(rows), timing(rows), failures(rows)
    images: dict[str, tuple[str, bytes]] = {}
    if s["completed"]:
        images["success"] = ("Success and subgoal progress by family x horizon tier", plots.success_by_cell(rows))
        images["time"] = ("Time per episode", plots.time_per_episode(rows))
    if reasons:
        images["failures"] = ("Failure reasons", plots.failure_chart(reasons))
        images["causes"] = ("Failure causes", plots.failure_chart(s["failure_causes"], "failure causes"))
    if t["uses_model"]:
        images["model"] = ("Model calls and tokens per episode", plots.model_usage(rows))
    files = out / "report_files"
    files.mkdir(exist_ok=True)
    for name, (_, png) in images.items():
        (files / f"{name}.png").write_bytes(png)
    ctx = {"rows": rows, "config": config, "total": total, "summary": s, "timing": t, "reasons": reasons,
           "version": store.get("code_version"), "state": store.get("state"), "wall": wall_seconds}
    ctx["out"] = out
    write_atomic(out / "report.md", _markdown(ctx, images))
    write_atomic(out / "report.html", _html(ctx, images, out))
    return {"md": out / "report.md", "html": out / "report.html"}


def _headline(ctx: dict[str, Any]) -> list[str]:
    s, c, t = ctx["summary"], ctx["config"], ctx["timing"]
    state = "" if ctx["state"] == "complete" else f"INCOMPLETE RUN ({s['episodes']} of {ctx['total']} episodes " \
                                                  "stored; continue with --resume)"
    lines = [state] if state else []
    lines += [
        f"suite {c.get('suite')}, brain {c.get('brain')}, mode {c.get('mode')}, "
        f"{'disturbed' if c.get('disturb') else 'undisturbed'}, seeds {_seeds(c.get('seeds', []))}, "
        f"perception {c.get('perception', 'privileged')}; "
        f"code {ctx['version']}",
        f"episodes: {s['episodes']} ({s['completed']} completed, {s['errors']} errors)",
        f"success: {s['successes']}/{s['completed']} = {_pct(s['success_rate'])}; "
        f"subgoal progress {_pct(s['subgoal_progress'])}",
        f"time per episode: mean {t['wall_mean_s']:.1f} s, median {t['wall_median_s']:.1f} s, "
        f"max {t['wall_max_s']:.1f} s wall; {t['sim_mean_s']:.1f} s simulated; planning {t['planning_mean_s']:.3f} s",
    ]
    if t["uses_model"]:
        lines.append(f"model: {t['model_calls_mean']:.1f} calls and {t['tokens_mean']:.0f} tokens per episode")
    if ctx["wall"]:
        lines.append(f"this session: {ctx['wall']:.0f} s wall")
    return lines


def _seeds(seeds: list[int]) -> str:
    return f"{seeds[0]}..{seeds[-1]}" if seeds and seeds == list(range(seeds[0], seeds[-1] + 1)) else str(seeds)


HEAD = ("family", "tier", "disturbed", "episodes", "success", "subgoal progress", "skills", "replans",
        "wall s", "model calls", "tokens")


def _cells(r: dict[str, Any]) -> list[str]:
    return [r["family"], r["tier"], "yes" if r["disturbed"] else "no", str(r["episodes"]),
            f"{r['successes']}/{r['episodes']} ({_pct(r['success'])})", _pct(r["subgoal_progress"]),
            f"{r['skills']:.1f}", f"{r['replans']:.2f}", f"{r['wall_seconds']:.1f}", f"{r['model_calls']:.1f}",
            f"{r['tokens']:.0f}"]


def _recording(r: dict[str, Any], out: Path) -> str | None:
    """The failed episode's Rerun recording (bench --rerun), relative to the run folder, if there is one."""
    if not r.get("trace_path"):
        return None
    rel = Path(r["trace_path"]).parent / "recording.rrd"
    return rel.as_posix() if (out / rel).is_file() else None


def _cause_rows(ctx: dict[str, Any]) -> list[tuple[str, int, list[str]]]:
    """Per failure cause: how many failed episodes, and which (task seed)."""
    failed = [r for r in ctx["rows"] if r["status"] == "ok" and not r["success"]]
    return [(c, n, [f"{r['task']} {r['seed']}" for r in failed if (r.get("failure_cause") or "unattributed") == c])
            for c, n in ctx["summary"]["failure_causes"].items()]


def _failed(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in rows if r["status"] == "error" or not r["success"]]


def _markdown(ctx: dict[str, Any], images: dict[str, tuple[str, bytes]]) -> str:
    lines = ["# Benchmark report", ""] + [f"- {x}" for x in _headline(ctx)] + ["", "## By family and horizon tier",
                                                                               ""]
    lines += ["| " + " | ".join(HEAD) + " |", "|" + "---|" * len(HEAD)]
    lines += ["| " + " | ".join(_cells(r)) + " |" for r in cell_table(ctx["rows"])]
    for name, (title, _) in images.items():
        lines += ["", f"## {title}", "", f"![{title}](report_files/{name}.png)"]
        if name == "failures":
            lines += [""] + [f"- {k}: {v}" for k, v in ctx["reasons"].items()]
        if name == "causes":
            lines += ["", "| cause | episodes | tasks |", "|---|---|---|"]
            lines += [f"| {c} | {n} | {', '.join(t)} |" for c, n, t in _cause_rows(ctx)]
    failed = _failed(ctx["rows"])
    if failed:
        lines += ["", "## Failed episodes", "", "| task | seed | outcome | cause | reason | final frame | trace |"
                  " recording |", "|---|---|---|---|---|---|---|---|"]
        for r in failed:
            outcome = "error" if r["status"] == "error" else f"{r['subgoals_done']}/{r['subgoals_total']} subgoals"
            reason = (r["error"] if r["status"] == "error" else r["failure"] or "").replace("|", "/")
            frame = f"![]({r['frame_path']})" if r.get("frame_path") else ""
            trace = f"[trace]({r['trace_path']})" if r.get("trace_path") else ""
            rrd = _recording(r, ctx["out"])
            rec = f"[rerun]({rrd})" if rrd else ""
            lines.append(f"| {r['task']} | {r['seed']} | {outcome} | {r.get('failure_cause') or ''} | {reason} | "
                         f"{frame} | {trace} | {rec} |")
    return "\n".join(lines) + "\n"


CSS = ("body{font-family:system-ui,sans-serif;margin:2em;max-width:1100px;color:#222}"
       "table{border-collapse:collapse;margin:1em 0;font-size:14px}td,th{border:1px solid #ccc;padding:4px 8px;"
       "text-align:left}th{background:#f3f3f3}.bad{color:#b00}.thumbs{display:flex;flex-wrap:wrap;gap:10px}"
       ".thumbs figure{margin:0;font-size:12px;width:170px}img.plot{max-width:100%}")


def _img(png: bytes, cls: str = "plot", alt: str = "") -> str:
    return f'<img class="{cls}" alt="{html.escape(alt)}" src="data:image/png;base64,{base64.b64encode(png).decode()}">'


def _html(ctx: dict[str, Any], images: dict[str, tuple[str, bytes]], out: Path) -> str:
    e = html.escape
    parts = [f"<!doctype html><html><head><meta charset='utf-8'><title>embodia benchmark report</title>"
             f"<style>{CSS}</style></head><body><h1>Benchmark report</h1><ul>"]
    parts += [f"<li{' class=bad' if 'INCOMPLETE' in x else ''}>{e(x)}</li>" for x in _headline(ctx)]
    parts.append("</ul><h2>By family and horizon tier</h2><table><tr>" + "".join(f"<th>{e(h)}</th>" for h in HEAD)
                 + "</tr>")
    parts += ["<tr>" + "".join(f"<td>{e(c)}</td>" for c in _cells(r)) + "</tr>" for r in cell_table(ctx["rows"])]
    parts.append("</table>")
    for name, (title, png) in images.items():
        parts.append(f"<h2>{e(title)}</h2>{_img(png, alt=title)}")
        if name == "causes":
            parts.append("<table><tr><th>cause</th><th>episodes</th><th>tasks</th></tr>" + "".join(
                f"<tr><td>{e(c)}</td><td>{n}</td><td>{e(', '.join(t))}</td></tr>" for c, n, t in _cause_rows(ctx))
                + "</table>")
        if name == "failures":
            parts.append("<table><tr><th>reason</th><th>episodes</th></tr>" + "".join(
                f"<tr><td>{e(k)}</td><td>{v}</td></tr>" for k, v in ctx["reasons"].items()) + "</table>")
    failed = _failed(ctx["rows"])
    if failed:
        parts.append(f"<h2>Failed episodes ({len(failed)})</h2><div class=thumbs>")
        for r in failed[:MAX_THUMBS]:
            frame = out / r["frame_path"] if r.get("frame_path") else None
            pic = _img(frame.read_bytes(), "thumb", r["task"]) if frame and frame.is_file() else ""
            why = r["error"] if r["status"] == "error" else reason_key(r["failure"])
            rrd = _recording(r, out)
            link = f"<br><a href='{e(rrd)}'>Rerun recording</a>" if rrd else ""
            cause = f" ({e(r['failure_cause'])})" if r.get("failure_cause") else ""
            parts.append(f"<figure>{pic}<figcaption><b>{e(r['task'])}</b> seed {r['seed']}{cause}<br>"
                         f"{e(str(why))}{link}</figcaption></figure>")
        parts.append("</div>")
        if len(failed) > MAX_THUMBS:
            parts.append(f"<p>... and {len(failed) - MAX_THUMBS} more (see report.md)</p>")
    parts.append("</body></html>")
    return "\n".join(parts)
