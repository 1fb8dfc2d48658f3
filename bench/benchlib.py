"""What the benchmark scripts share: running a process and measuring its time and peak memory."""
import os
import subprocess
import sys
import tempfile
import time

# A release binary finds its queries and reports beside itself once installed, never in the tree it was built
# in: the benchmarks point it at this checkout's, wherever they are run from.
_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("APPTRAIL_QUERIES", os.path.join(_ROOT, "queries"))
os.environ.setdefault("APPTRAIL_REPORTS", os.path.join(_ROOT, "reports"))


def timed(cmd, env=None, stdout=subprocess.PIPE):
    """Runs cmd; returns (seconds, peak RSS in MB of that process, stdout bytes or None, stderr bytes).

    The peak RSS comes from /usr/bin/time, not from wait4: a child forked from a Python script starts with the
    script's own resident pages in its maximum, so a script holding large lists would inflate every figure.
    Exits the script with the command's stderr when it fails."""
    report = tempfile.NamedTemporaryFile(delete=False)
    report.close()
    start = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", report.name] + cmd, stdout=stdout, stderr=subprocess.PIPE, env=env)
    seconds = time.perf_counter() - start
    with open(report.name) as f:
        lines = f.read().split()
    os.remove(report.name)
    if p.returncode != 0:
        sys.exit("failed (%d): %s\n%s" % (p.returncode, " ".join(cmd), p.stderr.decode()[-2000:]))
    return seconds, int(lines[-1]) / 1024, p.stdout, p.stderr
