from .base import *  # noqa: F403
from .base import MOTCUA_OIDC_ISSUER

# Without an identity provider configured, citizens sign in against the demo
# provider that `make run` starts beside the server (`manage.py
# run_demo_oidc`): its page lists the people of the demo population registry.
if not MOTCUA_OIDC_ISSUER:
    MOTCUA_OIDC_ISSUER = "http://127.0.0.1:8890"
    MOTCUA_OIDC_CLIENT_ID = "motcua-portal"
    MOTCUA_OIDC_CLIENT_SECRET = "demo-secret"  # noqa: S105 (the demo's own)
