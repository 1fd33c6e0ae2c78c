"""How events' public pages limit what one address may try: allauth's cache-backed rate limiter
(the one sign-in uses), so every limit counts and expires the same way."""

from allauth.core.internal import ratelimit

client_ip = ratelimit.get_ip


def within_limit(request, action: str, rates: str, *, key: str | None = None) -> bool:
    """Whether ``request`` may ``action`` once more, counting this try.

    ``rates``: allauth's notation, comma-separated "amount/period/per", e.g. "5/10m/key,20/1h/ip"
    (``per`` "key" counts by ``key``, "ip" by the client's address). GET requests count too.
    """
    usage = ratelimit.consume(
        request, app="events", action=action, config={action: rates}, key=key, limit_get=True
    )
    return usage is not None
