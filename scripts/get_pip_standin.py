"""Offline stand-in for the get-pip.py that ansible-test downloads.

``ansible-test sanity --venv`` bootstraps pip into each empty sanity virtual
environment with a get-pip.py script that it downloads from
ci-files.testing.ansible.com and caches as
``~/.ansible/test/cache/get_pip_<pip version with underscores>.py``.
That host is not reachable here, so scripts/test puts this file in the cache
instead. ansible-test runs it (through its quiet_pip.py wrapper) as::

    python get_pip_X_Y.py --disable-pip-version-check pip==X.Y --no-setuptools --no-wheel

This script does what get-pip.py does with those arguments, using only the
standard library's ensurepip and the package index pip is configured for:
it installs the bundled pip with ensurepip, then runs
``pip install <arguments>`` without ``--no-setuptools`` / ``--no-wheel``
(options of get-pip.py, not of pip), and removes the setuptools that
ensurepip may have brought when ``--no-setuptools`` was given.
"""

from __future__ import annotations

import subprocess
import sys

GET_PIP_ONLY_OPTIONS = ('--no-setuptools', '--no-wheel')


def run(args):
    """Run the venv's Python with the given arguments, failing on error."""
    command = [sys.executable] + list(args)
    status = subprocess.call(command)

    if status:
        sys.stderr.write('get-pip stand-in: command failed with status %d: %s\n' % (status, ' '.join(command)))
        sys.exit(status)


def installed(distribution):
    """Return True if the given distribution is installed in this Python."""
    probe = 'import importlib.metadata as m, sys\ntry:\n    m.version(sys.argv[1])\nexcept m.PackageNotFoundError:\n    sys.exit(1)\n'
    return subprocess.call([sys.executable, '-c', probe, distribution]) == 0


def main():
    """Install pip the way get-pip.py would, without downloading get-pip.py."""
    argv = sys.argv[1:]
    pip_args = [arg for arg in argv if arg not in GET_PIP_ONLY_OPTIONS]
    requested = ' '.join(pip_args).lower()
    had_setuptools = installed('setuptools')

    run(['-m', 'ensurepip', '--default-pip'])
    run(['-m', 'pip', 'install'] + pip_args)

    if '--no-setuptools' in argv and not had_setuptools and 'setuptools' not in requested and installed('setuptools'):
        run(['-m', 'pip', 'uninstall', '--yes', '--disable-pip-version-check', 'setuptools'])


if __name__ == '__main__':
    main()
