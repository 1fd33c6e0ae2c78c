"""Shared arrangements of the dissemination tests: an approved item sent to Palembang."""

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from content import dissemination
from content.models import ContentItem
from partnerships.models import Channel
from tests.factories import ChannelFactory, ContentItemFactory


def approved_item(network, **fields) -> ContentItem:
    return ContentItemFactory(owner=network.kpk, approved=True, **fields)


def due(days: int = 7):
    return timezone.localdate() + timedelta(days=days)


def sent(network, item=None, organisations=None, by=None):
    """``item`` (a new approved one) sent by KPK staff to Palembang; returns Palembang's request."""
    item = item or approved_item(network)
    organisations = organisations or [network.city]
    dispatch = dissemination.send(
        item,
        organisations=organisations,
        due_on=due(),
        platforms=[Channel.Kind.INSTAGRAM],
        message="Mohon ditayangkan.",
        by=by or network.kpk_staff,
    )
    return dispatch.requests.get(organisation=organisations[0])


def accepted(network, **kwargs):
    request = sent(network, **kwargs)
    return dissemination.accept(
        request, by=network.partner_manager, assignee=network.partner_operator
    )


def instagram(organisation, handle="@diskominfo_plg"):
    return ChannelFactory(organisation=organisation, kind=Channel.Kind.INSTAGRAM, handle=handle)


def screenshot(name="tangkapan.png", size=(60, 40)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def published(network, **kwargs):
    """Palembang's accepted request, proved on its Instagram by its operator; returns the proof."""
    request = accepted(network, **kwargs)
    channel = instagram(network.city)
    return dissemination.add_proof(
        request,
        channel=channel,
        url="https://www.instagram.com/p/C0ntoh123/",
        screenshot=screenshot(),
        published_at=timezone.now() - timedelta(hours=2),
        by=network.partner_operator,
    )
