# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

"""``patch_module_args`` on every supported ansible-core.

ansible-core 2.19 added ``ansible.module_utils.testing.patch_module_args``; on older releases the
module arguments are set the way their own unit tests do, through ``basic._ANSIBLE_ARGS``.
"""

from __future__ import annotations

import contextlib
import json

try:
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # ansible-core < 2.19
    from ansible.module_utils import basic
    from ansible.module_utils.common.text.converters import to_bytes

    @contextlib.contextmanager
    def patch_module_args(args=None):
        payload = {"ANSIBLE_MODULE_ARGS": dict(args or {})}
        payload["ANSIBLE_MODULE_ARGS"].setdefault("_ansible_remote_tmp", "/tmp")
        payload["ANSIBLE_MODULE_ARGS"].setdefault("_ansible_keep_remote_files", False)
        saved = basic._ANSIBLE_ARGS
        basic._ANSIBLE_ARGS = to_bytes(json.dumps(payload))
        try:
            yield
        finally:
            basic._ANSIBLE_ARGS = saved

__all__ = ["patch_module_args"]
