"""Sections that apps above orders add to the order page (issue 16: underwrite shows the inspection
appointment and result). Registered at start-up from the upper app's AppConfig.ready; orders never imports
them (import-linter layers)."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    template: str
    context: dict


SectionMaker = Callable[..., Section | None]
_makers: list[SectionMaker] = []


def order_section_register(maker: SectionMaker) -> None:
    """`maker(order=..., user=...)` answers a Section to show on that order's page, or None."""
    if maker not in _makers:
        _makers.append(maker)


def order_sections(*, order, user) -> list[Section]:
    return [section for maker in _makers if (section := maker(order=order, user=user)) is not None]
