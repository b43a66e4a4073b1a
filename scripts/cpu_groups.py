"""One CPU cgroup per service for a benchmark run, as systemd gives each unit in production.

Without it every process of the run shares the one group the benchmark started in, and
Linux shares the CPU out per thread: FreeSWITCH's hundreds of channel threads then crowd
out xml_curl's three single-threaded workers, whose answers come too late for
mod_xml_curl (4 s). Under systemd (scripts/systemd/*.service) each service is its own
group with an equal weight, whatever its thread count. Uses the cgroup v1 `cpu` hierarchy
when it is writable (root); otherwise does nothing and says so.
"""
from __future__ import annotations

import os
from pathlib import Path

CPU_ROOT = Path("/sys/fs/cgroup/cpu")


def descendants(pid: int) -> list[int]:
    """pid and every live process under it."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (FileNotFoundError, ProcessLookupError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += children.get(current, [])
    return found


class CpuGroups:
    def __init__(self, name: str):
        self.base = CPU_ROOT / name
        try:
            self.base.mkdir()
            self.enabled = True
        except OSError as exc:
            self.enabled, self.why = False, str(exc)

    def describe(self) -> str:
        return (f"one CPU cgroup per service under {self.base}" if self.enabled
                else f"all processes in one CPU group ({self.why})")

    def place(self, name: str, pid: int) -> None:
        """Move a process and its descendants into the group `name` (children it starts
        later are born there)."""
        if not self.enabled:
            return
        group = self.base / name
        group.mkdir(exist_ok=True)
        for member in descendants(pid):
            try:
                (group / "cgroup.procs").write_text(str(member))
            except OSError:  # gone meanwhile
                pass

    def close(self) -> None:
        """Move what is left back to the root and remove the groups."""
        if not self.enabled:
            return
        for group in [*self.base.iterdir()]:
            if group.is_dir():
                for pid in (group / "cgroup.procs").read_text().split():
                    try:
                        (CPU_ROOT / "cgroup.procs").write_text(pid)
                    except OSError:
                        pass
                os.rmdir(group)
        os.rmdir(self.base)
