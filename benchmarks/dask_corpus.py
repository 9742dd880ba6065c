"""Times checking every project of a corpus: the command line once per project, one Python
process running shipshape.check per project, and shipshape.dask on a LocalCluster of 1 and 2
worker processes (one thread each). Prints the figures docs/dask.md reports: wall time (best
of --repeat) and the CPU time of that run, summed over every process involved (the CLI
processes; this process; the workers and this process, which also runs the scheduler), which
the load of a shared machine disturbs much less than wall time.

    python benchmarks/dask_corpus.py [--corpus DIR] [--cli build/shipshape] [--repeat 3]
"""

import argparse
import os
import resource
import subprocess
import sys
import time


def _cpu(who=resource.RUSAGE_SELF):
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


def best_of(repeat, fn, cpu=lambda: _cpu()):
    """(best wall time, CPU time of that run, result)."""
    best = None
    result = None
    for _ in range(repeat):
        cpu0 = cpu()
        start = time.perf_counter()
        result = fn()
        wall = time.perf_counter() - start
        used = cpu() - cpu0
        if best is None or wall < best[0]:
            best = (wall, used)
    return best[0], best[1], result


def _peak_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rss_mib():
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", default=os.environ.get("SHIPSHAPE_CORPUS", "/work/shared/corpus"))
    parser.add_argument("--cli", default="build/shipshape")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import distributed

    import shipshape
    from shipshape.dask import check_repositories, repositories

    projects = repositories(os.path.join(args.corpus, "*/"))
    print(f"{len(projects)} projects in {args.corpus}; load: {os.getloadavg()}")

    def cli():
        for path in projects.values():
            subprocess.run([args.cli, "check", "--no-config", "-q", "-j", "1", "-f", "json", "--fail-on", "never",
                            path], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    t, c, _ = best_of(args.repeat, cli, cpu=lambda: _cpu(resource.RUSAGE_CHILDREN))
    print(f"CLI, one process per project, -j 1:        {t:6.2f} s wall, {c:6.2f} s CPU")

    def in_process():
        return sum(len(shipshape.check(p, errors="report", jobs=1).to_dataframe()) for p in projects.values())

    t, c, rows = best_of(args.repeat, in_process)
    print(f"one Python process, check + to_dataframe:  {t:6.2f} s wall, {c:6.2f} s CPU ({rows} rows)")

    for workers in (1, 2):
        start = time.perf_counter()
        with distributed.LocalCluster(n_workers=workers, processes=True, threads_per_worker=1,
                                      dashboard_address=None, silence_logs=40) as cluster, \
                distributed.Client(cluster) as client:
            client.run(lambda: __import__("shipshape.dask"))
            startup = time.perf_counter() - start
            before = client.run(_rss_mib)

            def on_cluster():
                findings, errors = check_repositories(projects).compute()
                return len(findings)

            def cluster_cpu():
                return _cpu() + sum(client.run(_cpu).values())

            t, c, n = best_of(args.repeat, on_cluster, cpu=cluster_cpu)
            assert n == rows, (n, rows)
            peak = client.run(_peak_rss_mib)
            after = client.run(_rss_mib)
        print(f"Dask LocalCluster, {workers} worker process(es):   {t:6.2f} s wall, {c:6.2f} s CPU "
              f"(cluster start {startup:.1f} s)")
        for w in sorted(peak):
            print(f"    worker memory: {before[w]:.0f} MiB idle, {after[w]:.0f} MiB after, peak {peak[w]:.0f} MiB")
    print(f"load after: {os.getloadavg()}")


if __name__ == "__main__":
    sys.exit(main())
