"""A partner organisation's public feeds: Atom and JSON Feed 1.1 of the content it accepted.

A Diskominfo's website shows KPK's latest anti-corruption content from its feed instead of
copying it by hand. A feed carries only what anyone may see (``content.rules.public_filter``):
each entry's title, link to its public page, description, themes, publication time and
thumbnail; never a reason, a person, a request's status or a private item. An item withdrawn,
made private, still embargoed or past its validity is not in it.

Both feeds are the same for every visitor, signed in or not, and are written in the site's
default language (Indonesian), so a shared cache may keep them for ``MAX_AGE`` seconds. The
ETag is the digest of the body (``ConditionalGetMiddleware``, applied to these views only), so a
304 is answered exactly when nothing a reader would see has changed; Last-Modified follows the
rows (``selectors.feed_last_modified``). The queries do not grow with the entries.
"""

from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.contrib.syndication.views import Feed, add_domain
from django.http import Http404, HttpResponse, JsonResponse
from django.middleware.http import ConditionalGetMiddleware
from django.urls import reverse
from django.utils import feedgenerator, translation
from django.utils.cache import patch_cache_control
from django.utils.decorators import decorator_from_middleware
from django.utils.html import escape
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from common.text import shorten

from .selectors import feed_items, feed_last_modified, feed_organisation

MAX_AGE = 300
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
# A JSON Feed entry's summary: a line for a list of headlines.
SUMMARY_LENGTH = 300

conditional_get = decorator_from_middleware(ConditionalGetMiddleware)


def _organisation(organisation_pk: int):
    organisation = feed_organisation(organisation_pk)
    if organisation is None:
        # An unknown, inactive or KPK organisation has no feed.
        raise Http404
    return organisation


def _absolute(request, path: str) -> str:
    return add_domain(get_current_site(request).domain, path, request.is_secure())


def _entries(request, organisation) -> list:
    """The feed's items, each with its absolute ``link`` and ``thumbnail_url`` (or "")."""
    items = feed_items(organisation)
    for item in items:
        item.link = _absolute(request, reverse("content:item_detail", args=[item.pk]))
        thumbnail = item.thumbnail
        item.thumbnail_url = (
            _absolute(
                request,
                reverse("content:rendition", args=[item.pk, thumbnail.asset_id, thumbnail.name]),
            )
            if thumbnail
            else ""
        )
        item.theme_names = [theme.name for theme in item.themes.all()]
    return items


def _title(organisation) -> str:
    return _("Anti-corruption content · %(organisation)s") % {"organisation": organisation.name}


def _description(organisation) -> str:
    return _("The latest anti-corruption content from KPK shared by %(organisation)s.") % {
        "organisation": organisation.name
    }


def _public(response: HttpResponse, last_modified) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    if last_modified is not None:
        response.headers["Last-Modified"] = http_date(last_modified.timestamp())
    return response


class OrganisationAtomFeed(Feed):
    """The Atom feed; ``get_object`` gathers everything, the methods below only read it."""

    feed_type = feedgenerator.Atom1Feed
    language = settings.LANGUAGE_CODE

    def __call__(self, request, organisation_pk):
        with translation.override(settings.LANGUAGE_CODE):
            organisation = self.get_object(request, organisation_pk)
            feed = self.get_feed(organisation, request)
            response = HttpResponse(content_type=feed.content_type)
            feed.write(response, "utf-8")
        return _public(response, organisation.last_modified)

    def get_object(self, request, organisation_pk):
        organisation = _organisation(organisation_pk)
        organisation.last_modified = feed_last_modified(organisation)
        organisation.entries = _entries(request, organisation)
        return organisation

    def title(self, organisation):
        return _title(organisation)

    def subtitle(self, organisation):
        return _description(organisation)

    def link(self, organisation):
        return organisation.website or "/"

    def feed_url(self, organisation):
        return reverse("content:feed_atom", args=[organisation.pk])

    def author_name(self, organisation):
        return organisation.name

    def items(self, organisation):
        return organisation.entries

    def item_title(self, item):
        # An Atom title is text: the reader shows it as it is.
        return item.title

    def item_description(self, item):
        # Django writes it as an HTML summary: escaped, the description reads as the text it is.
        return escape(item.description)

    def item_link(self, item):
        return item.link

    def item_pubdate(self, item):
        return item.published

    def item_updateddate(self, item):
        return max(item.updated_at, item.published)

    def item_categories(self, item):
        return item.theme_names

    def item_enclosures(self, item):
        thumbnail = item.thumbnail
        if thumbnail is None:
            return []
        return [
            feedgenerator.Enclosure(
                url=item.thumbnail_url,
                length=str(thumbnail.size),
                mime_type=thumbnail.content_type,
            )
        ]


feed_atom = require_safe(conditional_get(OrganisationAtomFeed()))


@require_safe
@conditional_get
def feed_json(request, organisation_pk):
    """The JSON Feed 1.1 of the same entries as the Atom feed."""
    organisation = _organisation(organisation_pk)
    last_modified = feed_last_modified(organisation)
    with translation.override(settings.LANGUAGE_CODE):
        data = {
            "version": JSON_FEED_VERSION,
            "title": _title(organisation),
            "description": _description(organisation),
            "feed_url": _absolute(request, reverse("content:feed_json", args=[organisation.pk])),
            "language": settings.LANGUAGE_CODE,
            "authors": [{"name": organisation.name}],
            "items": [_json_item(item) for item in _entries(request, organisation)],
        }
        if organisation.website:
            data["home_page_url"] = organisation.website
    response = JsonResponse(
        data,
        content_type="application/feed+json; charset=utf-8",
        json_dumps_params={"ensure_ascii": False},
    )
    return _public(response, last_modified)


def _json_item(item) -> dict:
    entry = {
        "id": item.link,
        "url": item.link,
        "title": item.title,
        # Plain text, as the item's description is; the title stands in where there is none.
        "content_text": item.description or item.title,
        "date_published": item.published.isoformat(),
        "date_modified": max(item.updated_at, item.published).isoformat(),
        "tags": item.theme_names,
    }
    if item.description:
        entry["summary"] = shorten(item.description, SUMMARY_LENGTH)
    if item.thumbnail_url:
        entry["image"] = item.thumbnail_url
    return entry
