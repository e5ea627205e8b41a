"""Bytes a browser receives for a first and a repeat visit to a page (run by bench/run.py).

    python bench/browser.py URL SESSION_COOKIE_NAME=VALUE  -> JSON

Chromium (Debian's, through Playwright) reports every response's bytes on the wire, compressed
as received, in the DevTools Network.loadingFinished events (encodedDataLength). The repeat
visit is a new navigation in the same browser context, so it may use the HTTP cache.
"""

import json
import shutil
import sys
from urllib.parse import urlsplit

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run"]


def visit_twice(url, cookie):
    from playwright.sync_api import sync_playwright

    name, _, value = cookie.partition("=")
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = browser.new_context()
        context.add_cookies([{"name": name, "value": value, "url": origin}])
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        received = []
        cdp.on("Network.loadingFinished", lambda event: received.append(event["encodedDataLength"]))
        visits = []
        for _ in range(2):
            received.clear()
            response = page.goto(url, wait_until="networkidle")
            visits.append(
                {
                    "status": response.status if response else None,
                    "bytes": sum(received),
                    "responses": len(received),
                    "from_network": sum(1 for size in received if size),
                }
            )
        browser.close()
    return {"first": visits[0], "repeat": visits[1]}


if __name__ == "__main__":
    print(json.dumps(visit_twice(sys.argv[1], sys.argv[2])))
