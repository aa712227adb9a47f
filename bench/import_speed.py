"""Import 100,000 ledger rows, validated, against `sqlite-utils insert --csv` (no validation).

Run: .venv/bin/python bench/import_speed.py [ROWS]. Prints seconds (median and fastest of 5
alternating runs) and peak memory of each, measured in one run, and the ratios (target:
investtrack no slower than sqlite-utils).
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.ledger import write_ledger


def timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Seconds and peak resident memory (MB) of one child process, started with nothing of
    an earlier run still being written to disk (a run's database is 100-250 MB)."""
    os.sync()
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    process = subprocess.run(command, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"{command[0]} failed: {process.stderr[-2000:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    runs = 5
    bin_dir = Path(sys.executable).parent
    peer, ours = [], []
    with tempfile.TemporaryDirectory() as folder:
        sheet = write_ledger(Path(folder) / "ledger.csv", rows)
        for run in range(runs):  # alternate, so drift on the machine hits both alike
            peer.append(
                timed(
                    [
                        str(bin_dir / "sqlite-utils"),
                        "insert",
                        f"{folder}/peer{run}.db",
                        "ledger",
                        str(sheet),
                        "--csv",
                    ]
                )[0]
            )
            env = os.environ | {
                "INVESTTRACK_DB": f"{folder}/investtrack{run}.db",
                "INVESTTRACK_TODAY": "2024-06-30",
            }
            ours.append(timed([str(bin_dir / "investtrack"), "import", str(sheet)], env)[0])
            for written in Path(folder).glob("*.db*"):  # not left to be written out meanwhile
                written.unlink()
        _, peak = timed([sys.executable, "-c", "pass"])
    peer_s, ours_s = statistics.median(peer), statistics.median(ours)
    print(f"rows {rows}, {runs} alternating runs")
    print(
        f"sqlite-utils insert --csv (no validation) : median {peer_s:6.2f} s, fastest "
        f"{min(peer):6.2f} s   runs {', '.join(f'{t:.2f}' for t in peer)}"
    )
    print(
        f"investtrack import (validated)            : median {ours_s:6.2f} s, fastest "
        f"{min(ours):6.2f} s   runs {', '.join(f'{t:.2f}' for t in ours)}"
    )
    # On a shared machine a run is only ever slowed by others, never sped up: the fastest
    # run of each is the steadier measure of the program, the median of the day.
    print(
        f"ratio investtrack / sqlite-utils          : medians {ours_s / peer_s:.2f}, fastest "
        f"{min(ours) / min(peer):.2f}  (target <= 1.00)"
    )
    print(f"peak memory of the largest child          : {peak:.0f} MB")


if __name__ == "__main__":
    main()
