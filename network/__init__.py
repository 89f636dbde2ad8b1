"""The three-tier network model and everything geographic.

``network`` imports nothing else of the project.
"""

from network.errors import InputError
from network.model import FerryLink, Network, Node, OutletKind, Tier

__all__ = [
    "FerryLink",
    "InputError",
    "Network",
    "Node",
    "OutletKind",
    "Tier",
]
