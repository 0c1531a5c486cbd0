"""The provider handlers, one module per cloud.

To add a provider, write ``providers/<name>.py`` with a ``ProviderHandler``
subclass (see base.py) and list its class in ``HANDLER_CLASSES``. Order
matters only if two handlers could match the same request: the first wins.
"""

from cloudvpn_emulator.providers.alibaba import AlibabaHandler
from cloudvpn_emulator.providers.baidu import BaiduHandler
from cloudvpn_emulator.providers.huawei import HuaweiHandler
from cloudvpn_emulator.providers.tencent import TencentHandler

HANDLER_CLASSES = (TencentHandler, AlibabaHandler, HuaweiHandler, BaiduHandler)


def default_handlers():
    """One fresh instance of every handler."""
    return [handler_class() for handler_class in HANDLER_CLASSES]
