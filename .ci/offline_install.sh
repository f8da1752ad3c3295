#!/usr/bin/env bash
# CI: the participant hand-out installs from a wheelhouse with the network off, and runs.
#
# Builds the hand-out and a Linux-only wheelhouse for this Python from the runtime lock
# (the same code as `make room`, one platform), then, inside a network namespace with no
# network (`unshare -n`, as root; else with --no-index alone, said so), runs the hand-out's
# setup_workshop.py (a fresh venv, pip install --no-index --find-links wheelhouse), which
# imports the toolkit, loads the spaCy model and the data, and runs exercise notebook 1.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
version=$("$PY" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
base=$("$PY" -c 'import sys; print(sys.base_prefix)')/bin/python3
start=$(date +%s)
"$PY" notebooks/workshop/room.py handout --out "$work/room" >/dev/null
"$PY" notebooks/workshop/room.py wheelhouse --platform linux --python "$version" \
  --out "$work/room/handout/wheelhouse" 2>&1 | grep -v "^WARNING: Location" | tail -2
echo "offline check: hand-out and wheelhouse built in $(( $(date +%s) - start )) s"
if [ "$(id -u)" = 0 ] && unshare -n true 2>/dev/null; then
  net=(unshare -n)
else
  net=()
  echo "offline check: no network namespace here; installing with --no-index only" >&2
fi
cat > "$work/run_notebook.py" <<'PYEOF'
import sys, nbformat
from nbclient import NotebookClient
path = sys.argv[1]
nb = nbformat.read(path, 4)
NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": "."}}).execute()
text = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
assert "Not answered yet" in text, "the blank exercise printed no hint"
print(f"{path}: ran offline, {text.count('Not answered yet')} hints")
PYEOF
start=$(date +%s)
"${net[@]}" env -u http_proxy -u https_proxy -u HTTP_PROXY -u HTTPS_PROXY \
  PIP_CONFIG_FILE=/dev/null TOOLKIT_CACHE_DIR="$work/cache" HAND="$work/room/handout" \
  BASE="$base" RUNNB="$work/run_notebook.py" bash -c '
    set -euo pipefail
    ip link set lo up 2>/dev/null || true      # the kernel talks to Jupyter over 127.0.0.1
    if python3 - <<<"import socket; socket.create_connection((\"pypi.org\", 443), 3)" 2>/dev/null; then
      echo "offline check: the network is reachable here" >&2
    else
      echo "offline check: no network (as intended)"
    fi
    cd "$HAND"
    "$BASE" setup_workshop.py --no-kernel
    .venv/bin/python "$RUNNB" 1-from-dump-to-stories.ipynb
  '
echo "offline check: passed (install and run: $(( $(date +%s) - start )) s)"
