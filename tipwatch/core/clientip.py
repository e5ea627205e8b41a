"""The client's address when the site runs behind reverse proxies (TRUSTED_PROXY_COUNT).

Each proxy appends the address it received the connection from to X-Forwarded-For, and the
last one connects to us (REMOTE_ADDR). With N trusted proxies in front, the client is therefore
the N-th entry from the right; anything further left was written by the client itself and is
ignored, so a forged header cannot pass for another address. With no trusted proxy (the
default) the header is ignored altogether and REMOTE_ADDR is the client.

Used by the login lockout (AXES_CLIENT_IP_CALLABLE) and the request logs.
"""

import ipaddress

from django.conf import settings


def client_ip(request):
    """The client's IP address as a string (REMOTE_ADDR if the header cannot be trusted)."""
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [entry for entry in forwarded if entry]
    if len(forwarded) < count:
        # Fewer entries than proxies: the request did not come through all of them.
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
