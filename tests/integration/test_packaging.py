# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What tools read from the collection: module docs, the execution-environment metadata, the README's table."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
import yaml

from conftest import COLLECTION_ROOT, collections_path

MODULES = sorted(path.stem for path in (COLLECTION_ROOT / "plugins" / "modules").glob("*.py")
                 if path.stem != "__init__")
EE_DEFINITION = COLLECTION_ROOT / "docs" / "execution-environment" / "execution-environment.yml"


def run(command, **kwargs):
    completed = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False, **kwargs)
    assert completed.returncode == 0, "%s\n%s\n%s" % (command, completed.stdout, completed.stderr)
    return completed.stdout


def test_every_module_documents_its_python_requirement():
    docs = json.loads(run(["ansible-doc", "--json", "-t", "module", *("cloudvpn.ipsec." + m for m in MODULES)],
                          env={"ANSIBLE_COLLECTIONS_PATH": collections_path(), "PATH": os.environ["PATH"]}))
    assert sorted(docs) == sorted("cloudvpn.ipsec." + m for m in MODULES)
    for name, doc in docs.items():
        assert any(line.startswith("requests") for line in doc["doc"].get("requirements", [])), name


def test_runtime_requirements_are_declared_for_pip_and_ansible_builder():
    requirements = (COLLECTION_ROOT / "requirements.txt").read_text(encoding="utf-8")
    assert [line.split(">=")[0] for line in requirements.splitlines() if line and not line.startswith("#")] == [
        "requests"]
    meta = yaml.safe_load((COLLECTION_ROOT / "meta" / "execution-environment.yml").read_text(encoding="utf-8"))
    assert meta["dependencies"] == {"python": "requirements.txt", "system": "bindep.txt"}


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A collections folder with the collection installed from its artifact, as ansible-builder's galaxy stage makes.

    scripts/test runs the integration tests on the collection installed from the tarball (no galaxy.yml
    then): that is used as it is. From a source tree, the artifact is built (build_ignore applies) and installed.
    """
    if not (COLLECTION_ROOT / "galaxy.yml").exists():
        assert (COLLECTION_ROOT / "MANIFEST.json").exists()
        return COLLECTION_ROOT.parents[2]
    output = tmp_path_factory.mktemp("dist")
    run(["ansible-galaxy", "collection", "build", "--output-path", str(output), str(COLLECTION_ROOT)])
    destination = tmp_path_factory.mktemp("collections")
    run(["ansible-galaxy", "collection", "install", "--force", "-p", str(destination),
         str(next(output.glob("cloudvpn-ipsec-*.tar.gz")))])
    return destination


def test_an_execution_environment_gets_requests(tmp_path, installed):
    """``ansible-builder create`` on the example definition; its context's introspection finds ``requests``."""
    context = tmp_path / "context"
    run([sys.executable, "-m", "ansible_builder", "create", "-f", str(EE_DEFINITION), "--context", str(context)])
    containerfile = (context / "Dockerfile").read_text(encoding="utf-8")
    # The build installs the collections of requirements.yml, then introspects them for requirements.
    assert "ansible-galaxy collection install $ANSIBLE_GALAXY_CLI_COLLECTION_OPTS -r requirements.yml" in containerfile
    assert "introspect.py introspect --write-bindep=/tmp/src/bindep.txt --write-pip=/tmp/src/requirements.txt" \
        in containerfile
    galaxy = yaml.safe_load((context / "_build" / "requirements.yml").read_text(encoding="utf-8"))
    assert [item["name"] for item in galaxy["collections"]] == ["cloudvpn.ipsec"]

    # The build's builder stage, on the collection as its galaxy stage installs it:
    pip, bindep = tmp_path / "pip.txt", tmp_path / "bindep.txt"
    run([sys.executable, str(context / "_build" / "scripts" / "introspect.py"), "introspect", str(installed),
         "--write-pip", str(pip), "--write-bindep", str(bindep)])
    pip_lines = [line for line in pip.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert [re.split(r"[<>=\s#]", line)[0] for line in pip_lines] == ["requests"]
    assert "cloudvpn.ipsec" in pip_lines[0]
    assert not bindep.exists() or bindep.read_text(encoding="utf-8").strip() == ""  # written only when not empty


def test_the_readme_calls_available_exactly_the_modules_that_exist():
    readme = (COLLECTION_ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| ([^|]+) \| `cloudvpn\.ipsec\.(\w+)` \| `cloudvpn\.ipsec\.(\w+)` \| (\w+) \|$", readme,
                      flags=re.M)
    assert len(rows) == 4
    groups = yaml.safe_load((COLLECTION_ROOT / "meta" / "runtime.yml").read_text(encoding="utf-8"))["action_groups"]
    for provider, manage, info, status in rows:
        exists = manage in MODULES and info in MODULES
        assert (status == "available") == exists, "%s: README says %s" % (provider, status)
        if exists:
            group = manage.split("_")[0]
            assert sorted(groups[group]) == sorted([manage, info])
