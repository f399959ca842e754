"""Compute Gap behind a small ASGI layer: ``streamlit run serve.py`` (or any ASGI server,
``uvicorn serve:app``) serves ``streamlit_app.py`` as usual, and first repairs links whose
``?`` mail or chat encoded as ``%3F``.

Such a link asks for a page named ``simulator%3Fv=2&...``; Streamlit's frontend then takes
the whole path for the app's base address and never connects (a blank page). The
middleware answers it with a redirect to ``/?v=2&...`` (the default page; any other page
keeps its path). An address with no page behind it (``/nosuch``, ``/compare/extra``, or the
default page by name, ``/simulator``) would give a blank page or Streamlit's "Page not
found" dialog: it is sent to the page it most likely meant, and the page says so in one
line.
"""

from __future__ import annotations

from urllib.parse import quote

import streamlit as st
from starlette.middleware import Middleware
from starlette.responses import RedirectResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from ui.link import encoded_query_target, path_target

DEFAULT_PAGE = "simulator"  # the url_path of streamlit_app.py's default page, served at /
# Every page's url_path in streamlit_app.py (tests/test_link_paths.py checks they agree).
PAGES = ("simulator", "compare", "track_record", "assumptions", "model")


def _wants_a_page(scope: Scope) -> bool:
    """A browser asking for a page (not a script, a style, an image or the health check)."""
    accept = dict(scope.get("headers") or []).get(b"accept", b"")
    first = scope["path"].lstrip("/").split("/", 1)[0]
    return scope.get("method") == "GET" and b"text/html" in accept and not first.startswith("_")


class RepairEncodedQuery:
    """Redirect ``/page%3Fa=1&b=2`` to ``/page?a=1&b=2``, and a page address that does
    not exist to the page it most likely meant (HTTP requests only)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            raw = scope.get("raw_path") or quote(scope["path"]).encode()
            target = encoded_query_target(
                raw.decode("latin-1"),
                scope.get("query_string", b"").decode("latin-1"),
                DEFAULT_PAGE,
            )
            if target is None and _wants_a_page(scope):
                # an address with no page (a typo, an extra segment): never a blank page
                target = path_target(
                    scope["path"],
                    scope.get("query_string", b"").decode("latin-1"),
                    PAGES,
                    DEFAULT_PAGE,
                )
            if target is not None:
                await RedirectResponse(target, status_code=307)(scope, receive, send)
                return
        await self.app(scope, receive, send)


app = st.App("streamlit_app.py", middleware=[Middleware(RepairEncodedQuery)])
