"""cloudvpn_emulator: a local emulator of the cloud VPN connection APIs that cloudvpn.ipsec manages.

Start it with ``python -m cloudvpn_emulator`` or, from Python,
``cloudvpn_emulator.server.start_emulator()``. See docs/emulator.md.
"""

__version__ = "0.1.0"
