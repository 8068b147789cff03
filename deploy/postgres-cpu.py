"""CPU ticks a PostgreSQL cluster used between two moments, by kind of process.

    postgres-cpu.py snapshot DATA_DIR > before.json
    postgres-cpu.py diff before.json after.json    # prints: backends autovacuum walwriter background exited

The kinds come from each child's process title. A child that exits is reaped by the postmaster,
whose "children's time" then holds the child's whole lifetime; the diff takes out what the child
had used before the first snapshot (it was counted then, under its kind), so "exited" is only the
time that processes which ended in between used in between: mostly autovacuum workers, which come
and go, and the last moments of connections a pool closed. The sum over the kinds is the
cluster's CPU between the snapshots.
"""
import json
import os
import sys

KINDS = ("backends", "autovacuum", "walwriter", "background", "exited")
BACKGROUND = ("checkpointer", "background writer", "autovacuum launcher", "logical replication launcher", "archiver", "stats collector")


def ticks(pid):
    with open(f"/proc/{pid}/stat") as stat:
        # The command may hold spaces and parentheses; the fields follow its last ')'.
        fields = stat.read().rsplit(")", 1)[1].split()
    # Fields 14-17 of proc(5), counted from the pid: utime, stime, cutime, cstime.
    return int(fields[11]) + int(fields[12]), int(fields[13]) + int(fields[14])


def kind(pid):
    with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
        title = cmdline.read().replace(b"\0", b" ").decode(errors="replace").strip()
    title = title.removeprefix("postgres: ")
    if title.startswith("autovacuum worker"):
        return "autovacuum"
    if title.startswith("walwriter"):
        return "walwriter"
    if title.startswith(BACKGROUND):
        return "background"
    return "backends"


def snapshot(data_dir):
    with open(os.path.join(data_dir, "postmaster.pid")) as pidfile:
        postmaster = int(pidfile.readline())
    own, reaped = ticks(postmaster)
    children = {}
    with open(f"/proc/{postmaster}/task/{postmaster}/children") as listing:
        for pid in listing.read().split():
            try:
                children[pid] = [kind(pid), ticks(pid)[0]]
            except (FileNotFoundError, ProcessLookupError):
                pass  # ended while being read: its time is in the postmaster's reaped time
    return {"postmaster": own, "reaped": reaped, "children": children}


def diff(before, after):
    used = dict.fromkeys(KINDS, 0)
    used["background"] += after["postmaster"] - before["postmaster"]
    exited = after["reaped"] - before["reaped"]
    for pid, (what, now) in after["children"].items():
        used[what] += now - before["children"].get(pid, [what, 0])[1]
    for pid, (_, then) in before["children"].items():
        if pid not in after["children"]:
            exited -= then
    used["exited"] = exited
    return used


if __name__ == "__main__":
    if sys.argv[1:2] == ["snapshot"] and len(sys.argv) == 3:
        print(json.dumps(snapshot(sys.argv[2])))
    elif sys.argv[1:2] == ["diff"] and len(sys.argv) == 4:
        with open(sys.argv[2]) as first, open(sys.argv[3]) as second:
            used = diff(json.load(first), json.load(second))
        print(" ".join(str(used[k]) for k in KINDS))
    else:
        sys.exit(__doc__)
