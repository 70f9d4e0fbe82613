"""The team's workspace: web pages and a JSON API over one archive, with accounts and roles.

``create_app`` builds the application; ``docket serve`` runs it. Every read goes through the
signed-in user's :class:`~docket.model.access.Viewer`, so what a role may not see does not
exist for it on any page or endpoint.
"""

from docket.web.app import create_app
from docket.web.config import WebSettings

__all__ = ["WebSettings", "create_app"]
