"""The local OpenID Connect provider the tests sign in against.

It is ``citizens.demo_oidc.OidcProvider`` (the demo serves the same code):
approving the test user at once, on 127.0.0.1, on a free port.
"""

from motcua.citizens.demo_oidc import USER, OidcProvider, s256

FakeOidcProvider = OidcProvider

__all__ = ["USER", "FakeOidcProvider", "s256"]
