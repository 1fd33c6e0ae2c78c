"""Whether a post's link belongs to the channel it is said to be on.

A proof names one of the partner's channels and the link of the post there. The link must be an
https address on that channel's platform (a host allow-list per channel kind) and, where the
link carries the account it was posted from and the channel has one, on that account.

Some post links do not carry the account: Instagram's /p/, /reel/ and /tv/ links, YouTube's
watch, shorts and youtu.be links, fb.watch and Facebook's photo and permalink pages, X's
/i/web/status/ links, TikTok's short vm.tiktok.com links. They are accepted on the host alone;
KPK's verification (with the screenshot) is what confirms the account then. A link that does
name an account must name the channel's.

Websites are checked against the host of the channel's own address (its handle); radio,
television, print and videotron have no post link to check: a link, if given, only has to be
https, and the screenshot (a photo of the broadcast, the page or the screen) is required.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from partnerships.models import Channel

Kind = Channel.Kind

HOSTS = {
    Kind.INSTAGRAM: ("instagram.com",),
    Kind.FACEBOOK: ("facebook.com", "fb.watch", "fb.com"),
    Kind.X: ("x.com", "twitter.com"),
    Kind.YOUTUBE: ("youtube.com", "youtu.be"),
    Kind.TIKTOK: ("tiktok.com",),
    Kind.WHATSAPP: ("whatsapp.com",),
}
# Where the link is optional and the screenshot is the evidence.
OFFLINE = frozenset({Kind.RADIO, Kind.TV, Kind.PRINT, Kind.VIDEOTRON})

# First path segments that are not an account (the post's link then does not name one).
NOT_AN_ACCOUNT = {
    Kind.INSTAGRAM: {"p", "reel", "reels", "tv", "explore", "s"},
    Kind.FACEBOOK: {
        "watch",
        "story.php",
        "permalink.php",
        "photo.php",
        "photo",
        "photos",
        "video.php",
        "reel",
        "share",
        "groups",
        "events",
        "profile.php",
    },
    Kind.X: {"i", "intent", "hashtag", "search"},
    Kind.YOUTUBE: {"watch", "shorts", "live", "embed", "playlist"},
    Kind.TIKTOK: {"t"},
}
MAX_LENGTH = 500


def needs_link(kind: str) -> bool:
    """Whether a proof on a channel of ``kind`` must give the post's link."""
    return kind not in OFFLINE


def needs_screenshot(kind: str) -> bool:
    return kind in OFFLINE


def check_post_link(url: str, channel: Channel) -> None:
    """Refuse ``url`` (with a message for the user) unless it may be a post on ``channel``."""
    url = (url or "").strip()
    if not url:
        if needs_link(channel.kind):
            raise ValidationError(_("Give the link to the post."), code="required")
        return
    if len(url) > MAX_LENGTH:
        raise ValidationError(
            _("The link can be at most %(max)s characters long.") % {"max": MAX_LENGTH},
            code="too_long",
        )
    try:
        URLValidator(schemes=["https"])(url)
    except ValidationError:
        raise ValidationError(
            _("Enter the post's link as a web address that starts with https://."),
            code="scheme",
        ) from None
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if channel.kind in OFFLINE:
        return
    if channel.kind == Kind.WEBSITE:
        site = _site_host(channel.handle)
        if site and not _on(host, (site,)):
            raise ValidationError(
                _("The link is not on this channel's website (%(host)s).") % {"host": site},
                code="host",
            )
        return
    if not _on(host, HOSTS.get(channel.kind, ())):
        raise ValidationError(
            _("The link is not on %(platform)s: give the post's address there.")
            % {"platform": channel.get_kind_display()},
            code="host",
        )
    account = _account_of(channel)
    named = _account_in(channel.kind, host, [s for s in parts.path.split("/") if s])
    if account and named and named.lower() != account.lower():
        raise ValidationError(
            _("The post is on the account “%(named)s”, not on this channel's “%(account)s”.")
            % {"named": named, "account": account},
            code="account",
        )


def _on(host: str, domains) -> bool:
    host = host.removeprefix("www.")
    return any(host == domain or host.endswith("." + domain) for domain in domains)


def _site_host(handle: str) -> str:
    handle = (handle or "").strip()
    if not handle:
        return ""
    if "://" not in handle:
        handle = "https://" + handle
    return (urlsplit(handle).hostname or "").lower().removeprefix("www.")


def _account_of(channel: Channel) -> str:
    """The channel's account name (without @), from a handle like "@kpk_ri" or its profile URL."""
    handle = (channel.handle or "").strip()
    if not handle:
        return ""
    if "/" in handle:
        if "://" not in handle:
            handle = "https://" + handle
        segments = [s for s in urlsplit(handle).path.split("/") if s]
        if channel.kind == Kind.YOUTUBE and len(segments) >= 2 and segments[0] in ("c", "user"):
            segments = segments[1:]
        handle = segments[0] if segments else ""
    return handle.removeprefix("@")


def _account_in(kind: str, host: str, segments: list[str]) -> str:
    """The account a post's link names, or "" when the link does not name one."""
    if not segments:
        return ""
    first = segments[0]
    if kind == Kind.INSTAGRAM and first == "stories" and len(segments) > 1:
        return segments[1]
    if kind == Kind.YOUTUBE:
        if host.endswith("youtu.be"):
            return ""
        if first.startswith("@"):
            return first.removeprefix("@")
        if first in ("c", "user") and len(segments) > 1:
            return segments[1]
        return ""
    if kind == Kind.TIKTOK:
        return first.removeprefix("@") if first.startswith("@") else ""
    if kind == Kind.FACEBOOK and host.endswith(("fb.watch",)):
        return ""
    if kind == Kind.WHATSAPP:
        return ""
    if first.lower() in NOT_AN_ACCOUNT.get(kind, ()):
        return ""
    return first.removeprefix("@")
