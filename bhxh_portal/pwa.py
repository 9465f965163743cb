"""The service worker that keeps the citizen's card readable offline (static/js/sw.js).

It is served from the site root, not from /static/, because a worker only controls pages under the
path it was served from. Its source is prefixed with the URLs it must keep: in production the static
file names carry content hashes, so the list changes (and the worker's bytes with it, which is what
makes browsers install a new worker) whenever one of those files does.
"""

import hashlib
import json

from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse
from django.templatetags.static import static
from django.urls import path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

WORKER_SOURCE = "js/sw.js"
# What the cached card page needs to render without the network.
OFFLINE_ASSETS = (
    "css/app.css",
    "django_htmx/htmx-2.min.js",
    "js/app.js",
    "img/icon-192.png",
    "img/icon-512.png",
)


@require_safe
@never_cache  # a cached worker script would keep an old worker (and its caches) alive
def service_worker(request):
    source_path = finders.find(WORKER_SOURCE)
    if source_path is None:
        raise Http404
    with open(source_path, encoding="utf-8") as source:
        source_text = source.read()
    config = {
        "assets": [static(name) for name in OFFLINE_ASSETS],
        "home": reverse("home"),
        # Pages kept for the clinic counter: the card, and the last check-in QR with its expiry time.
        "cardPages": [reverse("home"), reverse("checkin")],
        "logout": reverse("logout"),
    }
    # A new version (new source or new asset names) gets fresh asset caches; see "activate" in sw.js.
    config["version"] = hashlib.sha256((json.dumps(config) + source_text).encode()).hexdigest()[:12]
    body = f"self.BHXH_CONFIG = {json.dumps(config)};\n{source_text}"
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response


urlpatterns = [path("sw.js", service_worker, name="service-worker")]
