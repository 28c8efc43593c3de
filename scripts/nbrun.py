#!/usr/bin/python3
"""Execute the study's notebooks headless with the project's tslab kernel and export each as two HTML reports.

Run by scripts/run-notebooks.ts, under Debian's /usr/bin/python3 with nbclient and nbconvert. One process runs
the whole batch: each notebook gets its own fresh kernel, up to --jobs of them at once (asyncio), while Python,
nbconvert's templates and nbformat's schema validators are loaded once, not once per notebook. Why not
`jupyter nbconvert --execute`: on a failing cell it prints only `<Error>:` while tslab sends the real message as
stderr output; here the failing cell's number, source and stderr are recorded, and the partial report is
still written.

The batch file (--batch) is a JSON list of jobs:
  notebook   the .ipynb to execute (never written back)
  htmlFull   report with code and outputs (every cell)
  htmlBrief  report for business readers: only the cells tagged "brief" (their markdown, and the outputs of
             their code cells, never code), in Russian (<html lang="ru">)
  result     JSON summary written when the notebook is done: ok, failed cell, error text, per-cell seconds,
             headings
  meta       JSON shown in the report header (commit, built at...)
  env        variables added to this notebook's kernel environment
When a job's result file is written, a line {"done": INDEX} is printed on stdout.
"""
import argparse
import asyncio
import copy
import functools
import html as html_lib
import json
import os
import re
import sys
import time
import traceback

import nbformat
import nbformat.validator
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbconvert import HTMLExporter
from nbconvert.filters.markdown_mistune import markdown2html_mistune

HEADING_RE = re.compile(r'<h([1-6]) id="([^"]+)">(.*?)<a class="anchor-link"', re.S)
TAG_RE = re.compile(r"<[^>]+>")
PLOTLY_MARKER = "Plotly.newPlot"
# Cells shown on the brief page carry this tag in their metadata; the rest is for the full report only.
BRIEF_TAG = "brief"
# Stack frames of the kernel machinery, not of the notebook or lib: left out of the report's failure banner.
MACHINERY_FRAME_RE = re.compile(r"^\s+at .*(node:vm|node:internal|node_modules/(tslab|commander)/|sigintHandlersWrap)")

# nbconvert validates the notebook after every preprocessor, and nbformat 5.5 compiles a fresh schema
# validator for each call that relaxes additional properties (0.5 s of a 4.4 s notebook build). A validator
# depends only on its arguments, so one per argument set is kept.
nbformat.validator.get_validator = functools.lru_cache(maxsize=None)(nbformat.validator.get_validator)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--batch", required=True, help="JSON file listing the notebooks to run (see above)")
    parser.add_argument("--jobs", type=int, default=1, help="notebooks run at once, each in its own kernel")
    parser.add_argument("--cwd", default=os.getcwd(), help="kernel working folder (the project root)")
    parser.add_argument("--timeout", type=int, default=600, help="seconds allowed per cell")
    parser.add_argument("--startup-timeout", type=int, default=120)
    parser.add_argument("--kernel", default="odin-klik-tslab")
    parser.add_argument("--template-dir", required=True, help="folder holding the 'report' nbconvert template")
    parser.add_argument("--plotly", required=True, help="path of plotly.min.js to inline once per report")
    return parser.parse_args()


def cell_text(cell, stream_name):
    """Text a cell wrote to one stream (tslab sends error messages as stderr)."""
    parts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream" and output.get("name") == stream_name:
            parts.append(output.get("text", ""))
    return "".join(parts)


def headings_of(nb):
    """Markdown headings with the ids nbconvert gives them, for the table of contents."""
    found = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        html = markdown2html_mistune(cell.source)
        for level, anchor, inner in HEADING_RE.findall(html):
            text = html_lib.unescape(TAG_RE.sub("", inner)).strip()
            found.append({"level": int(level), "id": anchor, "text": text})
    return found


def brief_notebook(nb):
    """The cells a business reader sees: those tagged "brief", in order."""
    brief = copy.copy(nb)
    brief.cells = [cell for cell in nb.cells if BRIEF_TAG in cell.get("metadata", {}).get("tags", [])]
    return brief


@functools.lru_cache(maxsize=None)
def exporter_for(template_dir, exclude_input):
    """One exporter per variant for the whole batch: building one loads and compiles the Jinja templates."""
    return HTMLExporter(
        template_name="report",
        extra_template_basedirs=[template_dir],
        exclude_input=exclude_input,
        exclude_input_prompt=exclude_input,
        exclude_output_prompt=exclude_input,
    )


@functools.lru_cache(maxsize=None)
def plotly_bundle(path):
    with open(path, encoding="utf-8") as handle:
        # A literal "</script" inside the bundle would end the inline script early.
        return handle.read().replace("</script", "<\\/script")


def export(nb, path, *, exclude_input, resources_extra, template_dir, lang):
    exporter = exporter_for(template_dir, exclude_input)
    resources = {"metadata": {"name": resources_extra["title"]}, **resources_extra}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    # The lab template writes a bare <html>; the page's language lets the browser (and screen readers,
    # hyphenation, the report check) know which one it is.
    body = body.replace("<html>", f'<html lang="{lang}">', 1)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(body)
    os.replace(tmp, path)


async def execute(job, args):
    """Runs one notebook in a fresh kernel; returns the executed notebook and its result summary."""
    nb = nbformat.read(job["notebook"], as_version=4)
    code_numbers = {}
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            code_numbers[index] = len(code_numbers) + 1

    client = NotebookClient(
        nb,
        timeout=args.timeout,
        startup_timeout=args.startup_timeout,
        kernel_name=args.kernel,
        resources={"metadata": {"path": args.cwd}},
        allow_errors=False,
        record_timing=False,
    )
    result = {"notebook": job["notebook"], "ok": True, "cells": len(nb.cells), "codeCells": len(code_numbers),
              "cellSeconds": [], "failedCell": None, "error": None}
    started = time.monotonic()
    kernel_ready = None
    current = None
    try:
        async with client.async_setup_kernel(env={**os.environ, **job.get("env", {})}):
            kernel_ready = time.monotonic()
            for index, cell in enumerate(nb.cells):
                if cell.cell_type != "code":
                    continue
                current = index
                cell_started = time.monotonic()
                await client.async_execute_cell(cell, index, execution_count=code_numbers[index])
                result["cellSeconds"].append({"index": index + 1, "codeCell": code_numbers[index],
                                              "seconds": round(time.monotonic() - cell_started, 3)})
            current = None
    except (CellExecutionError, CellTimeoutError, DeadKernelError, RuntimeError, TimeoutError) as error:
        result["ok"] = False
        cell = nb.cells[current] if current is not None else None
        if cell is not None:
            cell["execution_count"] = code_numbers[current]
            stderr = cell_text(cell, "stderr").strip()
            detail = stderr or getattr(error, "evalue", "") or str(error)
            if isinstance(error, CellTimeoutError):
                detail = f"timed out after {args.timeout} s per cell\n{stderr}".strip()
            elif isinstance(error, DeadKernelError):
                detail = f"the kernel died\n{stderr}".strip()
            result["failedCell"] = {"index": current + 1, "codeCell": code_numbers[current],
                                    "source": cell.source}
        else:
            detail = f"kernel did not start: {error}"
        result["error"] = detail
    except Exception as error:  # a broken runner must still say what happened
        result["ok"] = False
        result["error"] = "".join(traceback.format_exception(error)).strip()

    result["kernelStartSeconds"] = round(kernel_ready - started, 3) if kernel_ready else None
    result["executeSeconds"] = round(time.monotonic() - started, 3)
    return nb, result, started


def write_reports(job, nb, result, args):
    name = os.path.splitext(os.path.basename(job["notebook"]))[0]
    result["headings"] = headings_of(nb)
    has_plotly = any(
        PLOTLY_MARKER in str(output.get("data", {}).get("text/html", ""))
        for cell in nb.cells if cell.cell_type == "code" for output in cell.get("outputs", [])
    )
    meta = job.get("meta", {})
    extra = {
        "title": meta.get("title", name),
        "toc": result["headings"],
        "plotly_js": plotly_bundle(args.plotly) if has_plotly else "",
        "report_meta": meta,
        "failure": result["failedCell"] and {
            **result["failedCell"],
            "error": "\n".join(line for line in (result["error"] or "").split("\n") if not MACHINERY_FRAME_RE.match(line)),
        },
    }
    brief = brief_notebook(nb)
    try:
        export(nb, job["htmlFull"], exclude_input=False, resources_extra={**extra, "variant": "full"},
               template_dir=args.template_dir, lang="en")
        export(brief, job["htmlBrief"], exclude_input=True,
               resources_extra={**extra, "variant": "brief", "toc": headings_of(brief)},
               template_dir=args.template_dir, lang="ru")
    except Exception as error:
        result["ok"] = False
        result["error"] = ((result["error"] or "") + "\nHTML export failed: " +
                           "".join(traceback.format_exception(error))).strip()


async def run_job(index, job, args, slots):
    async with slots:
        try:
            nb, result, started = await execute(job, args)
            # The export is synchronous: the other kernel keeps computing, its messages wait in ZeroMQ's queue.
            write_reports(job, nb, result, args)
            result["totalSeconds"] = round(time.monotonic() - started, 3)
        except Exception as error:  # e.g. an unreadable notebook: this job fails, the batch goes on
            result = {"notebook": job["notebook"], "ok": False, "cells": 0, "codeCells": 0, "cellSeconds": [],
                      "failedCell": None, "error": "".join(traceback.format_exception(error)).strip(),
                      "kernelStartSeconds": None, "executeSeconds": 0, "totalSeconds": 0, "headings": []}
        with open(job["result"], "w", encoding="utf-8") as handle:
            json.dump(result, handle, ensure_ascii=False, indent=1)
        print(json.dumps({"done": index}), flush=True)
        return result["ok"]


async def run_batch(jobs, args):
    slots = asyncio.Semaphore(max(1, args.jobs))
    return await asyncio.gather(*(run_job(index, job, args, slots) for index, job in enumerate(jobs)))


def main():
    args = parse_args()
    with open(args.batch, encoding="utf-8") as handle:
        jobs = json.load(handle)
    oks = asyncio.run(run_batch(jobs, args))
    return 0 if all(oks) else 1


if __name__ == "__main__":
    sys.exit(main())
