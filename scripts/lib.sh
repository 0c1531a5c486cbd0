# shellcheck shell=bash
# Shared helpers of scripts/test and scripts/demo; source it, don't run it.
#
# What it provides:
#   cv_pick_python            sets CV_PYTHON to a Python >= 3.11
#   cv_ensure_venv DIR SPEC   creates DIR (a venv) and pip-installs SPEC (a
#                             file of pip arguments, one per line), reusing DIR
#                             when SPEC's content and the Python are unchanged
#   cv_install_emulator DIR   pip-installs ./emulator into the venv DIR (when
#                             emulator/pyproject.toml exists)
#   cv_build_collection       copies the collection's files (what git tracks,
#                             plus untracked files that are not ignored) to
#                             .build/collections/ansible_collections/cloudvpn/ipsec
#   cv_activate DIR           puts the venv DIR first on PATH
#   cv_lock                   waits until no other scripts/test or scripts/demo
#                             runs in this tree (they share .build/)

CV_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CV_NAMESPACE=cloudvpn
CV_NAME=ipsec
CV_COLLECTIONS="$CV_ROOT/.build/collections"
CV_COLLECTION="$CV_COLLECTIONS/ansible_collections/$CV_NAMESPACE/$CV_NAME"
CV_MIN_PYTHON=3.11

cv_log() {
    printf '==> %s\n' "$*" >&2
}

cv_die() {
    printf 'ERROR: %s\n' "$*" >&2
    exit 1
}

# Print the sha256 of stdin.
cv_sha256() {
    if command -v sha256sum >/dev/null 2>&1; then
        sha256sum | cut -d' ' -f1
    else
        "$CV_PYTHON" -c 'import hashlib, sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())'
    fi
}

# True when the interpreter $1 runs and is at least CV_MIN_PYTHON.
cv_python_ok() {
    "$1" -c "import sys; sys.exit(0 if sys.version_info >= tuple(map(int, '$CV_MIN_PYTHON'.split('.'))) else 1)" >/dev/null 2>&1
}

# Choose the Python that builds the venvs: $PYTHON if set, else python3.11,
# else python3 if it is recent enough.
cv_pick_python() {
    local candidate
    local -a candidates
    if [[ -n "${PYTHON:-}" ]]; then
        candidates=("$PYTHON")
    else
        candidates=(python3.11 python3)
    fi
    for candidate in "${candidates[@]}"; do
        if command -v "$candidate" >/dev/null 2>&1 && cv_python_ok "$candidate"; then
            CV_PYTHON="$(command -v "$candidate")"
            cv_log "using $("$CV_PYTHON" -c 'import sys; print(sys.executable, sys.version.split()[0])')"
            return 0
        fi
    done
    cv_die "no Python >= $CV_MIN_PYTHON found (tried: ${candidates[*]}). Install Python $CV_MIN_PYTHON or newer, or set PYTHON=/path/to/python3.X."
}

# Run pip in the venv $1 with the remaining arguments, keeping its (noisy)
# output in a log file that is shown only when pip fails.
cv_pip() {
    local venv="$1"
    shift
    local log="$venv/pip.log"
    if ! "$venv/bin/python" -m pip --disable-pip-version-check "$@" >"$log" 2>&1; then
        grep -v '^WARNING: Location .* is ignored' "$log" | tail -n 40 >&2
        cv_die "pip $* failed in $venv (full log: $log)"
    fi
}

# cv_ensure_venv DIR SPEC_FILE: make DIR a venv with SPEC_FILE's packages.
cv_ensure_venv() {
    local venv="$1" spec="$2"
    local stamp="$venv/.cloudvpn-stamp" want
    want="$({ "$CV_PYTHON" -c 'import sys; print(sys.version)'; cat "$spec"; } | cv_sha256)"
    if [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]] && "$venv/bin/python" -c '' 2>/dev/null; then
        cv_log "reusing venv ${venv#"$CV_ROOT"/} (requirements unchanged)"
        return 0
    fi
    cv_log "creating venv ${venv#"$CV_ROOT"/} (this takes a minute)"
    rm -rf "$venv"
    "$CV_PYTHON" -m venv "$venv" || cv_die "could not create a venv with $CV_PYTHON (on Debian/Ubuntu: apt-get install python3-venv)"
    cv_pip "$venv" install -r "$spec"
    printf '%s\n' "$want" >"$stamp"
}

# List, NUL-separated and relative to the repo root, the files of the
# collection: tracked files plus untracked files that are not ignored,
# optionally only those under the folder $1.
cv_list_files() {
    local path
    git -C "$CV_ROOT" rev-parse --git-dir >/dev/null 2>&1 || cv_die "$CV_ROOT is not a git work tree"
    git -C "$CV_ROOT" ls-files -z --cached --others --exclude-standard -- "${1:-.}" |
        while IFS= read -r -d '' path; do
            # --cached also lists files deleted from the work tree but not from the index
            if [[ -e "$CV_ROOT/$path" || -L "$CV_ROOT/$path" ]]; then
                printf '%s\0' "$path"
            fi
        done | sort -zu
}

# Copy the files listed by cv_list_files ${2:-} into the folder $1.
cv_copy_files() {
    local dest="$1"
    mkdir -p "$dest"
    cv_list_files "${2:-}" | (cd "$CV_ROOT" && tar --null --no-recursion -T - -cf -) | tar -xf - -C "$dest"
}

# Lay the collection out where ansible-test and ansible-playbook find it, as a
# real copy (ansible-test refuses a symlinked collection root), anew each time.
cv_build_collection() {
    cv_log "copying the collection to ${CV_COLLECTION#"$CV_ROOT"/}"
    rm -rf "$CV_COLLECTIONS"
    cv_copy_files "$CV_COLLECTION"
}

# Install the local emulator package (emulator/, a pyproject project) into the
# venv $1. It is built from a temporary copy of its files so that the build
# leaves no build/ or *.egg-info litter in the work tree; it is reinstalled
# only when its files change.
cv_install_emulator() {
    local venv="$1"
    local stamp="$venv/.cloudvpn-emulator-stamp" want tmp
    if [[ ! -f "$CV_ROOT/emulator/pyproject.toml" ]]; then
        cv_log "emulator/pyproject.toml not found: the emulator is not installed"
        return 0
    fi
    want="$(cd "$CV_ROOT" && cv_list_files emulator | xargs -0 -r sha256sum | cv_sha256)"
    if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
        cv_log "reusing the installed emulator (emulator/ unchanged)"
        return 0
    fi
    cv_log "installing the emulator (emulator/)"
    tmp="$(mktemp -d)"
    cv_copy_files "$tmp" emulator
    # pip always reinstalls a project given as a local folder
    cv_pip "$venv" install "$tmp/emulator"
    rm -rf "$tmp"
    printf '%s\n' "$want" >"$stamp"
}

# Put the venv $1 first on PATH, as `source bin/activate` would.
cv_activate() {
    export VIRTUAL_ENV="$1"
    export PATH="$1/bin:$PATH"
    unset PYTHONHOME
}

# Hold .build/lock until this script exits, so that two runs in the same tree
# (scripts/test and scripts/demo share .build/) don't rebuild it under each
# other. Skipped where flock(1) is not installed.
cv_lock() {
    command -v flock >/dev/null 2>&1 || return 0
    mkdir -p "$CV_ROOT/.build"
    exec 9>"$CV_ROOT/.build/lock"
    if ! flock -n 9; then
        cv_log "waiting for another scripts/test or scripts/demo run in this tree to finish"
        flock 9
    fi
}

# --- lint and documentation (scripts/test lint|docs, scripts/docs) ------------
# Both run with the tools venv ($CV_TOOLS_VENV, from tests/requirements-tools.txt)
# on the collection copy that cv_build_collection made.
CV_TOOLS_VENV="$CV_ROOT/.venv-tools"
# shellcheck disable=SC2034 # used by scripts/test and scripts/docs, which source this file
CV_TOOLS_REQUIREMENTS="$CV_ROOT/tests/requirements-tools.txt"
CV_DOCS="$CV_ROOT/.build/docs"

# ansible-lint (production profile, .ansible-lint) on every playbook and YAML file of the copy.
# ANSIBLE_HOME keeps the copy ansible-lint installs of the collection inside .build/.
cv_lint() {
    (
        cv_activate "$CV_TOOLS_VENV"
        cd "$CV_COLLECTION" || exit 1
        ANSIBLE_HOME="$CV_ROOT/.build/ansible-home" ansible-lint --nocolor
    )
}

# Lint the module and guide docs and the changelog fragments, then build the HTML site
# (every module, the guides of docs/docsite/) in .build/docs/html. Sphinx warnings fail.
cv_docs() {
    (
        cv_activate "$CV_TOOLS_VENV"
        cd "$CV_COLLECTION" || exit 1
        antsibull-docs lint-collection-docs --plugin-docs . &&
            antsibull-changelog lint || exit 1
        rm -rf "$CV_DOCS"
        mkdir -p "$CV_DOCS"
        # antsibull-docs writes only into a folder no one else can write to.
        mkdir -m 700 "$CV_DOCS/rst"
        ANSIBLE_COLLECTIONS_PATH="$CV_COLLECTIONS" \
            antsibull-docs collection --use-current --squash-hierarchy --dest-dir "$CV_DOCS/rst" cloudvpn.ipsec &&
            cp "$CV_ROOT/scripts/docsite/ansible_labels.rst" "$CV_DOCS/rst/" &&
            sphinx-build -M html "$CV_DOCS/rst" "$CV_DOCS/build" -c "$CV_ROOT/scripts/docsite" -W --keep-going -q &&
            rm -rf "$CV_DOCS/html" && mv "$CV_DOCS/build/html" "$CV_DOCS/html"
    )
}
