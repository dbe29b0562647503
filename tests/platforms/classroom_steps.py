# SPDX-License-Identifier: MIT
"""The GitHub Classroom workflow of 'proclab init --classroom', read with PyYAML (not with
anything of proclab's) and checked against the manifest read with Python's json module;
then its steps run here, in order, the way GitHub Actions and the two actions run them.

  classroom_steps.py check WORKFLOW MANIFEST URL REF
  classroom_steps.py run WORKFLOW MANIFEST WORKSPACE BINDIR... --expect pass|fail
                         [--exercise DIR=pass|fail[:REGEX]]... [--only DIR,...]

--only runs the steps of those exercises alone (and not the reporter, which needs them all).

What 'run' does not do as GitHub does, said plainly: the checkout step is the copy of the
template the caller put in WORKSPACE, and the set-up step (which fetches proclab at
PROCLAB_REF and builds it with its quickstart) is replaced by the BINDIRs put first on PATH:
the build tree's proclab and platforms/classroom. Every other step runs its own text: a
'run' step with bash -e and the job's env (GitHub's default shell), a grader step
as autograding-command-grader v1 runs it (src/main.js at the pinned commit: /bin/sh, only
PATH, HOME, FORCE_COLOR and DOTNET_* in the environment, the timeout in minutes, pass when
the exit status is 0), the reporter as autograding-grading-reporter v1 adds the results up
(src/main.js, notify-classroom.js: <ID>_RESULTS, base64 JSON, the tests' scores summed).
"""
import base64
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

import yaml

SHA = re.compile(r"[0-9a-f]{40}")
STEP_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")        # GitHub's rule for a step id
REPORTER_RUNNERS = re.compile(r"([a-zA-Z0-9]+,)*[a-zA-Z0-9]+")  # the reporter's own check
GRADER_INPUTS = {"test-name", "setup-command", "command", "timeout", "max-score"}
GRADER_REQUIRED = {"test-name", "command"}              # action.yml at the pinned commit


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def expect(cond, msg):
    if not cond:
        fail(msg)


def action(step):
    uses = step.get("uses", "")
    name, _, ref = uses.partition("@")
    return name, ref


def load(workflow, manifest):
    with open(workflow, encoding="utf-8") as f:
        wf = yaml.safe_load(f)
    with open(manifest, encoding="utf-8") as f:
        mf = json.load(f)
    return wf, mf


def expected_steps(mf):
    """(exercise dir, test-or-hygiene dict, points) per grader step, in order."""
    hyg_default = mf.get("defaults", {}).get("hygiene_points", 1)
    out = []
    for ex in mf["exercises"]:
        for i, t in enumerate(ex["tests"]):
            out.append((ex, i, t))
        if ex.get("hygiene_points", hyg_default) > 0:
            out.append((ex, None, ex.get("hygiene_points", hyg_default)))
    return out


def check(workflow, manifest, url, ref):
    wf, mf = load(workflow, manifest)
    expect(isinstance(wf, dict), "the workflow is not a YAML mapping")
    expect(True not in wf and "on" in wf,
           "'on' must be quoted: YAML 1.1 readers take a bare on for true")
    expect(set(wf["on"]) >= {"push", "repository_dispatch"}, "not run on push: %r" % wf["on"])
    expect(wf["env"]["PROCLAB_URL"] == url and wf["env"]["PROCLAB_REF"] == ref,
           "PROCLAB_URL/REF are %r" % wf["env"])
    jobs = list(wf["jobs"].values())
    expect(len(jobs) == 1, "one job expected, got %d" % len(jobs))
    job = jobs[0]
    expect(job["runs-on"] == "ubuntu-latest", "runs-on is %r" % job["runs-on"])
    steps = job["steps"]
    ids = [s["id"] for s in steps if "id" in s]
    expect(len(ids) == len(set(ids)), "step ids are not unique")
    for i in ids:
        expect(STEP_ID.fullmatch(i), "step id %r is not one GitHub accepts" % i)

    name, sha = action(steps[0])
    expect(name == "actions/checkout" and SHA.fullmatch(sha), "first step: %r" % steps[0])
    setup = steps[1]
    expect(setup.get("id") == "setup" and "run" in setup, "second step: the set-up")
    for needed in ("quickstart", "$PROCLAB_URL", "$PROCLAB_REF", "$GITHUB_PATH",
                   "platforms/classroom"):
        expect(needed in setup["run"], "the set-up step does not use %s" % needed)
    bash_n = subprocess.run(["bash", "-n"], input=setup["run"], text=True)
    expect(bash_n.returncode == 0, "the set-up script is not valid bash")
    expect("apt-get" not in setup["run"],
           "the set-up step installs packages itself: quickstart's list must be the one")

    want = expected_steps(mf)
    graders = [s for s in steps if action(s)[0] ==
               "classroom-resources/autograding-command-grader"]
    expect(len(graders) == len(want), "%d grader steps for %d tests and hygiene points" % (
        len(graders), len(want)))
    total = 0
    minutes = setup.get("timeout-minutes", 0)
    grade_seen = set()
    budget_default = mf.get("defaults", {}).get("budget_ms", 180000)
    for g, (ex, i, t) in zip(graders, want):
        expect(SHA.fullmatch(action(g)[1]), "grader not pinned to a commit: %s" % g["uses"])
        w = g["with"]
        expect(set(w) <= GRADER_INPUTS, "grader inputs %s are not the action's" % set(w))
        expect(GRADER_REQUIRED <= set(w), "grader step lacks %s" % (GRADER_REQUIRED - set(w)))
        expect(isinstance(w["test-name"], str) and w["test-name"].strip(), "empty test-name")
        expect(isinstance(w["command"], str) and w["command"].strip(), "empty command")
        expect(isinstance(w["timeout"], (int, float)) and 0 < w["timeout"] <= 360,
               "timeout %r: minutes, at most 6 hours" % w["timeout"])
        points = t["points"] if i is not None else t
        expect(w["max-score"] == points and isinstance(w["max-score"], int),
               "%s: max-score %r, the manifest says %d" % (w["test-name"], w["max-score"],
                                                           points))
        expect(w["test-name"] == g["name"], "step name and test-name differ")
        expect(w["test-name"].startswith(ex["dir"] + ": "), "test-name %r" % w["test-name"])
        if i is None:
            which = "hygiene"
            expect("hygiene" in w["test-name"], "hygiene step %r" % w["test-name"])
        elif t.get("hidden"):
            which = "%d:hidden_%d" % (i + 1, i + 1)
            expect(t["name"] not in g["name"] + w["command"] and t["title"] not in g["name"],
                   "the hidden test %s shows in its step" % t["name"])
            expect(w["test-name"] == "%s: hidden test %d" % (ex["dir"], i + 1),
                   "hidden test's name %r" % w["test-name"])
        else:
            which = "%d:%s" % (i + 1, t["name"])
            expect(w["test-name"] == "%s: %s" % (ex["dir"], t["title"]),
                   "test-name %r for %s" % (w["test-name"], t["title"]))
        # the command as /bin/sh splits it
        argv = shlex.split(w["command"])
        expect(argv == ["proclab-classroom", "verdict", ex["dir"], which, str(points)],
               "command %r for %s %s" % (w["command"], ex["dir"], which))
        # its exercise's grading comes before it
        k = steps.index(g)
        grade = [s for s in steps[:k] if s.get("name") == "Grade " + ex["dir"]]
        expect(len(grade) == 1, "no step 'Grade %s' before %s" % (ex["dir"], g["name"]))
        if ex["dir"] not in grade_seen:
            grade_seen.add(ex["dir"])
            gs = grade[0]
            budget = ex.get("budget_ms", budget_default)
            expect(gs["timeout-minutes"] * 60000 > budget, "Grade %s: %r minutes for a %d ms "
                   "budget" % (ex["dir"], gs["timeout-minutes"], budget))
            expect(gs.get("continue-on-error") is True,
                   "Grade %s stops the other exercises when it fails" % ex["dir"])
            expect(shlex.split(gs["run"]) == ["proclab-classroom", "grade", ex["dir"]],
                   "Grade %s runs %r" % (ex["dir"], gs["run"]))
            minutes += gs["timeout-minutes"]
        total += points
    expect(job["timeout-minutes"] >= minutes, "job timeout %d < its steps' %d" % (
        job["timeout-minutes"], minutes))
    hyg = mf.get("defaults", {}).get("hygiene_points", 1)
    manifest_total = sum(sum(t["points"] for t in ex["tests"]) +
                         ex.get("hygiene_points", hyg) for ex in mf["exercises"])
    expect(total == manifest_total, "steps give %d points, the manifest %d" % (
        total, manifest_total))

    rep = steps[-1]
    name, sha = action(rep)
    expect(name == "classroom-resources/autograding-grading-reporter" and SHA.fullmatch(sha),
           "last step is not the pinned reporter: %r" % rep.get("uses"))
    gids = [g["id"] for g in graders]
    runners = rep["with"]["runners"]
    expect(runners.split(",") == gids, "runners %r are not the grader steps" % runners)
    expect(REPORTER_RUNNERS.fullmatch(runners), "runners fail the reporter's own pattern")
    env = {k: v for k, v in rep["env"].items()}
    expect(set(env) == {i.upper() + "_RESULTS" for i in gids}, "reporter env: %s" % set(env))
    for i in gids:
        expect(re.fullmatch(r"\$\{\{\s*steps\.%s\.outputs\.result\s*\}\}" % re.escape(i),
                            env[i.upper() + "_RESULTS"]), "reporter env of %s" % i)
    print("workflow: %d steps, %d graded, %d points" % (len(steps), len(graders), total))


def run_shell(script, env, cwd, minutes):
    with tempfile.NamedTemporaryFile("w", suffix=".sh", delete=False) as f:
        f.write(script)
    try:
        p = subprocess.run(["bash", "-e", f.name],
                           env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, timeout=minutes * 60)
        return p.returncode, p.stdout
    except subprocess.TimeoutExpired as e:
        return 124, (e.stdout or b"").decode(errors="replace") + "\n(timed out)"
    finally:
        os.unlink(f.name)


def command_grader(w, path, home, cwd):
    """autograding-command-grader v1: its environment, its shell, its result."""
    env = {"PATH": path, "FORCE_COLOR": "true", "DOTNET_CLI_HOME": "/tmp",
           "DOTNET_NOLOGO": "true", "HOME": home}
    timeout = float(w.get("timeout") or 10) * 60
    max_score = int(w.get("max-score") or 0)
    out = ""
    status = "pass"
    for cmd in [w.get("setup-command"), w["command"]]:
        if not cmd:
            continue
        try:
            p = subprocess.run(["/bin/sh", "-c", cmd], env=env, cwd=cwd,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               timeout=timeout)
            out += p.stdout
            # a status of 127 is "fail" to the action too (its stderr is not captured), but
            # here it means the helper was not found: no verdict at all
            expect(p.returncode != 127, "%r: not found (exit 127):\n%s" % (cmd, p.stdout))
            if p.returncode != 0:
                status = "fail"
                break
        except subprocess.TimeoutExpired:
            status = "error"
            break
    result = {"version": 1, "status": status, "max_score": max_score,
              "tests": [{"name": w["test-name"], "status": status,
                         "score": max_score if status == "pass" else 0,
                         "message": "", "test_code": w["command"], "filename": "",
                         "line_no": 0, "duration": 0}]}
    return base64.b64encode(json.dumps(result).encode()).decode(), out


def reporter(step, outputs):
    def expand(v):
        return re.sub(r"\$\{\{\s*steps\.([A-Za-z0-9_-]+)\.outputs\.result\s*\}\}",
                      lambda m: outputs.get(m.group(1), ""), v)
    env = {k: expand(v) for k, v in step["env"].items()}
    total = maximum = 0
    for runner in step["with"]["runners"].split(","):
        res = json.loads(base64.b64decode(env[runner.strip().upper() + "_RESULTS"]))
        if not res["max_score"]:
            continue
        maximum += res["max_score"]
        total += sum(t["score"] for t in res["tests"])
    return total, maximum


def exercise_of(step):
    """The exercise folder a grading or grader step belongs to, or None."""
    if "uses" in step and "test-name" in step.get("with", {}):
        return step["with"]["test-name"].split(":")[0]
    if step.get("name", "").startswith("Grade "):
        return step["name"][len("Grade "):]
    return None


def run(workflow, manifest, workspace, bindirs, default, overrides, only):
    wf, mf = load(workflow, manifest)
    job = list(wf["jobs"].values())[0]
    home = os.path.join(workspace + ".home")
    os.makedirs(home, exist_ok=True)
    path = ":".join(bindirs + [os.environ.get("PATH", "/usr/bin:/bin")])
    env = {"PATH": path, "HOME": home, "LC_ALL": os.environ.get("LC_ALL", "C.UTF-8")}
    env.update({k: str(v) for k, v in wf.get("env", {}).items()})
    outputs, logs, want_points = {}, {}, 0
    dirs = {}
    for s in job["steps"]:
        name = s.get("name", s.get("uses", ""))
        a = action(s)[0]
        if only and (exercise_of(s) not in only if exercise_of(s) else
                     a == "classroom-resources/autograding-grading-reporter"):
            continue
        if a == "actions/checkout":
            print("step %s: the template's copy in %s stands for it" % (name, workspace))
        elif s.get("id") == "setup":
            print("step %s: replaced: %s first on PATH" % (name, " and ".join(bindirs)))
        elif "run" in s:
            rc, out = run_shell(s["run"], env, workspace, s.get("timeout-minutes", 360))
            logs[name] = out
            print("step %s: exit %d" % (name, rc))
            if rc != 0 and not s.get("continue-on-error"):
                fail("step %s failed, so GitHub would skip the rest:\n%s" % (name, out))
            expect(rc == 0, "step %s exited %d:\n%s" % (name, rc, out))
        elif a == "classroom-resources/autograding-command-grader":
            outputs[s["id"]], out = command_grader(s["with"], path, home, workspace)
            res = json.loads(base64.b64decode(outputs[s["id"]]))
            exdir = s["with"]["test-name"].split(":")[0]
            dirs.setdefault(exdir, []).append((s["with"]["test-name"], res["status"], out))
            want, _, regex = overrides.get(exdir, default).partition(":")
            got = "pass" if res["status"] == "pass" else "fail"
            expect(got == want, "%s: %s, expected %s; its output:\n%s" % (
                s["with"]["test-name"], res["status"], want, out))
            expect(res["status"] != "error", "%s: error (not a verdict):\n%s" % (
                s["with"]["test-name"], out))
            expect(not regex or re.search(regex, out), "%s: its output does not match /%s/:"
                   "\n%s" % (s["with"]["test-name"], regex, out))
            if got == "pass":
                want_points += res["max_score"]
        elif a == "classroom-resources/autograding-grading-reporter":
            total, maximum = reporter(s, outputs)
            print("step %s: Points %d/%d" % (name, total, maximum))
            expect(total == want_points, "reported %d points, the passed steps give %d" % (
                total, want_points))
        else:
            fail("a step this runner does not know: %r" % s)
    for exdir in overrides:
        expect(exdir in dirs, "no grader step of %s ran" % exdir)
    n = sum(len(v) for v in dirs.values())
    print("%d grader steps, %d passed; Points %d" % (
        n, sum(1 for v in dirs.values() for x in v if x[1] == "pass"), want_points))
    shutil.rmtree(home, ignore_errors=True)
    return logs


def main(argv):
    if argv[0] == "check":
        check(*argv[1:5])
        return 0
    if argv[0] == "run":
        args = argv[1:]
        default, overrides, bindirs, only = None, {}, [], None
        while args:
            a = args.pop(0)
            if a == "--expect":
                default = args.pop(0)
            elif a == "--only":
                only = set(args.pop(0).split(","))
            elif a == "--exercise":
                k, _, v = args.pop(0).partition("=")
                overrides[k] = v
            else:
                bindirs.append(os.path.abspath(a))
        workflow, manifest, workspace = bindirs[:3]
        run(workflow, manifest, workspace, bindirs[3:], default, overrides, only)
        return 0
    fail("usage: check|run ...")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
