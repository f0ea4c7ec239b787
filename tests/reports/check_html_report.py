#!/usr/bin/env python3
"""report.html and sweep.html read by parsers that are not drdrill's: for a few shipped scenarios
(recovered, failed back, negative), `drdrill run --format html` must write a page whose elements
nest, that loads nothing from elsewhere (no script, no src, no link), whose recovery chart is
well-formed SVG (XML) with every bar inside the drawing and carrying a <title>, and whose RTO label
agrees with report.json; `drdrill sweep` must write a sweep.html of the same kind with one
histogram per measure.

usage: check_html_report.py DRDRILL SOURCE_DIR SCRATCH_DIR
"""
import html.parser
import json
import pathlib
import subprocess
import sys
import xml.etree.ElementTree as ET

SCENARIOS = [
    "scenarios/regional-outage.json",
    "scenarios/failback-after-region-returns.json",
    "scenarios/negative-jdbc-never-repointed.json",
]
SWEEP_SCENARIO = "tests/sim/data/hand-computed-storage.json"
VOID = {"meta", "br", "hr", "img", "input", "link", "area", "base", "col", "embed", "source", "track", "wbr"}
SVG = "{http://www.w3.org/2000/svg}"


class Nesting(html.parser.HTMLParser):
    """Fails on an end tag that does not close the innermost open element, and on anything that
    would load from elsewhere."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.errors = []

    def handle_starttag(self, tag, attrs):
        names = {name for name, _ in attrs}
        if tag in ("script", "link", "iframe", "object") or names & {"src", "href", "onload", "onclick"}:
            self.errors.append(f"loads or runs something: <{tag} {attrs}>")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'}")
        else:
            self.stack.pop()


def check_page(page):
    """Nesting, nothing loaded from elsewhere, and every chart well-formed with titled bars inside it.
    Returns (errors, the parsed <svg> elements)."""
    errors, svgs = [], []
    nesting = Nesting()
    nesting.feed(page)
    nesting.close()
    errors += nesting.errors
    if nesting.stack:
        errors.append(f"left open: {nesting.stack}")
    at = page.find("<svg")
    while at >= 0:
        end = page.find("</svg>", at)
        svg = ET.fromstring(page[at:end + len("</svg>")])
        svgs.append(svg)
        width = float(svg.get("width"))
        rects = svg.findall(f"{SVG}rect")
        if not rects and "no values" not in [t.text for t in svg.iter(f"{SVG}text")]:
            errors.append("a chart has no bars")
        for rect in rects:
            x, w = float(rect.get("x")), float(rect.get("width"))
            if w <= 0 or x < 0 or x + w > width + 0.05:
                errors.append(f"bar outside the drawing: x={x} width={w}")
            if rect.find(f"{SVG}title") is None or not rect.find(f"{SVG}title").text:
                errors.append(f"bar without a title at x={x}")
        at = page.find("<svg", end)
    return errors, svgs


def check_sweep(drdrill, source, scratch):
    out = scratch / "sweep"
    run = subprocess.run([drdrill, "sweep", str(source / SWEEP_SCENARIO), "--seeds", "4", "--jobs", "2", "--out", str(out)],
                         capture_output=True, text=True, timeout=300)
    if run.returncode not in (0, 1):
        return [f"drdrill sweep exited {run.returncode}: {run.stderr}"]
    sweep = json.loads((out / "sweep.json").read_text(encoding="utf-8"))
    errors, svgs = check_page((out / "sweep.html").read_text(encoding="utf-8"))
    measures = 1 + len(sweep["rpo_s"])
    if len(svgs) != measures:
        errors.append(f"expected {measures} histograms (RTO and each store's RPO), found {len(svgs)}")
    return [f"sweep.html: {e}" for e in errors]


def check(drdrill, source, scratch, scenario):
    out = scratch / pathlib.Path(scenario).stem
    run = subprocess.run([drdrill, "run", str(source / scenario), "--out", str(out), "--format", "json,html"],
                         capture_output=True, text=True, timeout=300)
    if run.returncode not in (0, 1):
        return [f"drdrill run exited {run.returncode}: {run.stderr}"]
    page = (out / "report.html").read_text(encoding="utf-8")
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    errors, svgs = check_page(page)
    if len(svgs) != 1:
        return [f"{scenario}: expected exactly one <svg> chart, found {len(svgs)}"] + errors
    texts = [t.text or "" for t in svgs[0].iter(f"{SVG}text")]
    if report["rto_s"] is None:
        if "not recovered" not in texts:
            errors.append("an unrecovered drill's chart must say 'not recovered'")
    elif not any(t.startswith("RTO ") for t in texts):
        errors.append("a recovered drill's chart must carry its RTO label")
    if f"seed {report['seed']}" not in page or report["replay"] not in page:
        errors.append("the page must name the seed and the replay command")
    return [f"{scenario}: {e}" for e in errors]


def main():
    drdrill, source, scratch = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
    scratch.mkdir(parents=True, exist_ok=True)
    errors = [e for scenario in SCENARIOS for e in check(drdrill, source, scratch, scenario)]
    errors += check_sweep(drdrill, source, scratch)
    for e in errors:
        print(e, file=sys.stderr)
    print(f"{len(SCENARIOS)} report.html pages and a sweep.html checked, {len(errors)} problems")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
