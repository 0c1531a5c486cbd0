"""Access to the cloudvpn.ipsec collection's own code (its request signers).

The emulator verifies signatures with the collection's signer step functions
instead of a second implementation, so a signer bug shows up as a mismatch
between the signer and the official SDK's test vectors, not as two copies
of the same mistake agreeing with each other.

The normal way to make them importable is to put the directory that
contains ``ansible_collections/`` on ``PYTHONPATH`` (scripts/test does).
When that was not done, the collection is looked for, in order, at
``$CLOUDVPN_COLLECTION`` (the collection root), under each entry of
``$ANSIBLE_COLLECTIONS_PATH``, and in the current directory and its parents
(a checkout of the collection), and registered under its package name.
"""

from __future__ import annotations

import importlib
import os
import sys
import types

PACKAGE = "ansible_collections.cloudvpn.ipsec"
MARKER = os.path.join("plugins", "module_utils", "signers", "common.py")


class CollectionNotFound(ImportError):
    pass


def import_module(relative):
    """Import ``ansible_collections.cloudvpn.ipsec.<relative>``, locating the collection if needed."""
    name = "%s.%s" % (PACKAGE, relative)
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as error:
        if not (error.name or "").startswith("ansible_collections"):
            raise
    root = find_collection_root()
    if root is None:
        raise CollectionNotFound(
            "cannot import %s: the cloudvpn.ipsec collection (whose signers the emulator uses) was not found. "
            "Put the directory that contains ansible_collections/ on PYTHONPATH, or set CLOUDVPN_COLLECTION "
            "to the collection's root directory." % name)
    _register(root)
    return importlib.import_module(name)


def find_collection_root():
    for candidate in _candidates():
        if os.path.isfile(os.path.join(candidate, MARKER)):
            return os.path.abspath(candidate)
    return None


def _candidates():
    if os.environ.get("CLOUDVPN_COLLECTION"):
        yield os.environ["CLOUDVPN_COLLECTION"]
    for variable in ("ANSIBLE_COLLECTIONS_PATH", "ANSIBLE_COLLECTIONS_PATHS"):
        for entry in filter(None, os.environ.get(variable, "").split(os.pathsep)):
            yield os.path.join(entry, "ansible_collections", "cloudvpn", "ipsec")
    directory = os.getcwd()
    while True:
        yield directory
        parent = os.path.dirname(directory)
        if parent == directory:
            return
        directory = parent


def _register(root):
    """Make ``ansible_collections.cloudvpn.ipsec`` a package rooted at ``root``.

    The parents are created as empty namespace-like packages only when they
    do not exist, so a real ``ansible_collections`` package is left alone.
    """
    parts = PACKAGE.split(".")
    for depth in range(1, len(parts) + 1):
        name = ".".join(parts[:depth])
        if name in sys.modules and depth < len(parts):
            continue
        module = types.ModuleType(name)
        module.__path__ = [root] if depth == len(parts) else []
        sys.modules[name] = module
        if depth > 1:
            setattr(sys.modules[".".join(parts[:depth - 1])], parts[depth - 1], module)
