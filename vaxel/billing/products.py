"""The products a company is charged for, named as the price list names them."""
from __future__ import annotations

from ..numbers.models import NumberKind
from ..people.models import LicenceKind
from ..switchboard.models import ServiceKind

ALL_PLANS = "*"
RECORDING = "addon:recording"
DATA_TOP_UP = "data:top_up"


def licence(kind: LicenceKind) -> str:
    return f"licence:{kind.value}"


def number(kind: NumberKind) -> str:
    return f"number:{kind.value}"


def service(kind: ServiceKind) -> str:
    return f"service:{kind.value}"


def data_package(package: str) -> str:
    return f"data:{package}"


def catalogue(data_packages: tuple[str, ...]) -> list[str]:
    """Every product the preview can charge, for the price-list editor."""
    return ([licence(k) for k in LicenceKind] + [number(k) for k in NumberKind]
            + [service(k) for k in ServiceKind] + [RECORDING]
            + [data_package(p) for p in data_packages] + [DATA_TOP_UP])
