#!/usr/bin/python3
"""Checks examples/ci/github-actions.yml: valid YAML with the shape GitHub Actions needs, a job that
installs what scripts/setup.sh installs to build, builds drdrill, runs examples/ci/run-drill.sh,
uploads the three reports even when the drill fails, and run blocks that are valid bash.

    check_github_actions.py REPO_ROOT

Uses Debian's python3-yaml. Exits 1 with one line per problem.
"""

import pathlib
import re
import subprocess
import sys

import yaml


def main() -> int:
    root = pathlib.Path(sys.argv[1])
    text = (root / "examples/ci/github-actions.yml").read_text()
    doc = yaml.safe_load(text)
    problems = []

    def need(condition, message):
        if not condition:
            problems.append(message)

    need(isinstance(doc, dict), "the workflow is not a mapping")
    # YAML 1.1 reads a bare `on` key as True: the file must say `on:` so that GitHub sees it.
    triggers = doc.get("on", doc.get(True))
    need(isinstance(triggers, dict) and {"push", "pull_request"} <= set(triggers), "triggers push and pull_request")
    jobs = doc.get("jobs", {})
    need(list(jobs) == ["drill"], f"one job named drill, got {list(jobs)}")
    job = jobs.get("drill", {})
    need(job.get("container") == "debian:12", "runs in debian:12 (the packages drdrill builds with)")
    need(isinstance(job.get("timeout-minutes"), int), "the job has a timeout")
    steps = job.get("steps", [])
    need(all(isinstance(s, dict) and ("uses" in s or "run" in s) for s in steps), "every step uses an action or runs a command")

    uses = [s.get("uses", "") for s in steps]
    need("actions/checkout@v4" in uses, "checks out the repository")
    node = next((s for s in steps if s.get("uses", "").startswith("actions/setup-node@")), None)
    need(node is not None and int(str(node.get("with", {}).get("node-version", "0")).split(".")[0]) >= 20,
         "sets up Node.js 20 or later (the clients' engines)")

    runs = [s["run"] for s in steps if "run" in s]
    script = "\n".join(runs)
    # Every Debian package setup.sh installs to build is installed here.
    setup = (root / "scripts/setup.sh").read_text()
    build_packages = re.search(r"build_packages=\(\n(.*?)\n\)", setup, re.S).group(1).split()
    testing_only = {"googletest", "libgtest-dev", "libgmock-dev", "libbenchmark-dev"}
    for package in build_packages:
        if package not in testing_only:
            need(re.search(rf"(?<![\w.-]){re.escape(package)}(?![\w.-])", script), f"installs {package}")
    need("cmake --preset release" in script and "--target drdrill" in script, "builds drdrill with the release preset")
    need("npm ci" in script, "installs the tool's clients with npm ci")
    drill = next((s for s in steps if "examples/ci/run-drill.sh" in s.get("run", "")), None)
    need(drill is not None, "runs examples/ci/run-drill.sh")
    if drill is not None:
        need("if" not in drill and "continue-on-error" not in drill, "the drill step's failure fails the job")
        need(drill.get("env", {}).get("DRDRILL") == "build/release/cli/drdrill", "points DRDRILL at the release build")

    upload = next((s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@")), None)
    need(upload is not None, "uploads the reports")
    if upload is not None:
        need(upload.get("if") == "always()", "uploads the reports when the drill fails too")
        paths = upload.get("with", {}).get("path", "")
        for name in ("report.json", "report.md", "junit.xml"):
            need(name in paths, f"uploads {name}")

    env = job.get("env", {})
    for key in ("SCENARIO", "OUT", "TIME_SCALE"):
        need(key in env, f"sets {key} for run-drill.sh")
    need((root / env.get("SCENARIO", "missing")).is_file(), f"the scenario {env.get('SCENARIO')} exists")
    need((root / "examples/ci/run-drill.sh").is_file(), "examples/ci/run-drill.sh exists")
    need((root / "examples/failover/package-lock.json").is_file(), "the lockfile setup-node caches on exists")
    need(job.get("defaults", {}).get("run", {}).get("shell") == "bash", "run blocks are bash")

    for index, block in enumerate(runs):
        checked = subprocess.run(["bash", "-n"], input=block, text=True, capture_output=True)
        need(checked.returncode == 0, f"run block {index} is not valid bash: {checked.stderr.strip()}")

    for problem in problems:
        print(f"github-actions.yml: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
