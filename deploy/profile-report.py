"""Reads `perf script` output (comm, pid/tid, call chains) from stdin and prints CPU per request by
process group and the heaviest frames of the server and of PostgreSQL. Used by deploy/profile.sh."""
import collections
import re
import sys

server_pid, load_pids, frequency, requests, unit = sys.argv[1], set(sys.argv[2].split(",")), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5]

groups = collections.Counter()
self_time = {"server": collections.Counter(), "PostgreSQL": collections.Counter()}
inclusive = {"server": collections.Counter(), "PostgreSQL": collections.Counter()}
samples_of = collections.Counter()
server_threads = collections.Counter()
server_parts = collections.Counter()

# The server's CPU by what it was doing, judged from the whole stack: the first rule whose text
# occurs in any frame wins, so the most specific come first. Async continuations keep their
# caller's state machine on the stack, so database I/O lands with the code that awaited it.
PARTS = [
    ("webhook delivery (lanes, HTTP)", ("LoyaltyGrid.Projections.Webhooks.WebhookDeliveryService", "System.Net.Http")),
    ("projections (KPI, deliveries)", ("LoyaltyGrid.Projections", "LoyaltyGrid.Journal.Projections")),
    ("journal writer (group commit)", ("LoyaltyGrid.Journal.Writing",)),
    ("customer grain: decide + fold", ("LoyaltyGrid.Grains.Customers.CustomerDecider", "LoyaltyGrid.Domain")),
    ("customer grain: payload, rest", ("LoyaltyGrid.Grains",)),
    ("HTTP endpoint (validation, JSON)", ("LoyaltyGrid.Server.Api",)),
    ("ASP.NET Core + our middleware", ("Microsoft.AspNetCore", "LoyaltyGrid.Server")),
    ("Orleans messaging + scheduling", ("Orleans.",)),
    ("Npgsql (other)", ("Npgsql",)),
    ("metrics (OpenTelemetry)", ("OpenTelemetry", "System.Diagnostics.Metrics")),
]
header = re.compile(r"^(.*?)\s+(\d+)/(\d+)\s*$")
frame = re.compile(r"^\s+[0-9a-f]+\s+(.*?)\s+\((.*)\)\s*$")


def name(sym, dso):
    if sym == "[unknown]":
        return f"[{dso.rsplit('/', 1)[-1]}]"
    sym = re.sub(r"\[Optimized\]|\[OptimizedTier1\]|\[Tier0\]|\[Tier1\]|\[QuickJitted\]|\[PreJIT\]|\[Instrumented\]", "", sym)
    return sym.strip()[:150]


def flush(group, frames):
    if group not in self_time or not frames:
        return
    if group == "server":
        part = next((label for label, marks in PARTS if any(m in f for f in frames for m in marks)), "runtime, GC, JIT, thread pool")
        server_parts[part] += 1
    samples_of[group] += 1
    self_time[group][frames[0]] += 1
    for f in set(frames):
        inclusive[group][f] += 1


group, frames = None, []
for line in sys.stdin:
    m = header.match(line)
    if m and not line.startswith(("\t", " ")):
        flush(group, frames)
        comm, pid = m.group(1).strip(), m.group(2)
        group = "server" if pid == server_pid else "PostgreSQL" if comm.startswith("postgres") \
            else "load generator" if pid in load_pids else "other processes"
        groups[group] += 1
        if group == "server":
            # Thread names say what runs there: GC, the JIT's tiering, thread-pool work, sockets.
            server_threads[re.sub(r"\s*#?\d+$", "", comm)] += 1
        frames = []
        continue
    f = frame.match(line)
    if f:
        frames.append(name(f.group(1), f.group(2)))
flush(group, frames)

print(f"\nCPU per {unit} ({requests:,.0f} {unit}s in the sampled window, {frequency:.0f} Hz per CPU):")
for g, n in groups.most_common():
    print(f"  {g:18} {n / frequency / requests * 1e6:8.1f} µs")
print(f"\n## server: CPU by part (µs per {unit})")
for part, n in server_parts.most_common():
    print(f"  {part:34} {n / frequency / requests * 1e6:8.1f} µs")
print(f"\n## server: CPU by thread (µs per {unit})")
for thread, n in server_threads.most_common(12):
    print(f"  {thread:26} {n / frequency / requests * 1e6:8.1f} µs")
for g in ("server", "PostgreSQL"):
    total = samples_of[g] or 1
    print(f"\n## {g}: self time, top frames (% of its samples; µs per {unit})")
    for f, n in self_time[g].most_common(30):
        print(f"  {100 * n / total:5.1f}%  {n / frequency / requests * 1e6:7.1f} µs  {f}")
    print(f"\n## {g}: inclusive time, top frames")
    for f, n in inclusive[g].most_common(70 if g == "server" else 30):
        print(f"  {100 * n / total:5.1f}%  {n / frequency / requests * 1e6:7.1f} µs  {f}")
