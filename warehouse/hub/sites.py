"""The hub at a site: created once per masterdata site, found again by the scans' site code."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from warehouse.access.audit import Actor, record
from warehouse.errors import NotFound
from warehouse.hub.models import HubSite
from warehouse.masterdata import service as md
from warehouse.masterdata.models import Site
from warehouse.trace.checkdigit import check_digit

E_UNKNOWN_HUB = "E_UNKNOWN_HUB"


@dataclass(frozen=True)
class HubIdentity:
    """What the hub numbers its labels and read points with (from the app's settings)."""

    company_prefix: str
    link_base: str

    @property
    def gln(self) -> str:
        """The hub's GLN: the company prefix, location reference 1, check digit."""
        body = (self.company_prefix + "1".zfill(12 - len(self.company_prefix)))[:12]
        return body + check_digit(body)


def hub_by_code(session: Session, code: str) -> HubSite:
    hub = session.scalar(select(HubSite).where(HubSite.code == code))
    if hub is None:
        raise NotFound(E_UNKNOWN_HUB, f"No consolidation hub at site {code!r}.", site=code)
    return hub


def ensure_hub(session: Session, actor: Actor, code: str, identity: HubIdentity) -> HubSite:
    """The hub of site ``code``; the site and the hub are registered on first use."""
    hub = session.scalar(select(HubSite).where(HubSite.code == code))
    if hub is not None:
        return hub
    site = session.scalar(select(Site).where(Site.code == code))
    if site is None:
        site = md.create_site(session, actor, code, f"Consolidation hub {code}")
    hub = HubSite(
        site_id=site.id,
        code=code,
        gln=identity.gln,
        company_prefix=identity.company_prefix,
        link_base=identity.link_base,
    )
    session.add(hub)
    session.flush()
    record(session, actor, "hub.create", "hub", code, gln=hub.gln)
    return hub
