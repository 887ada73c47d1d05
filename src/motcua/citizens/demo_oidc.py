"""A small but real OpenID Connect provider, for the tests and the demo.

A threaded HTTP server with a discovery document, ``/authorize``, ``/token``
(checks the client secret by HTTP Basic, the redirect URI and the code
verifier against the S256 challenge; a code is used once), ``/jwks``,
``/userinfo`` and ``/logout`` (the end_session_endpoint of RP-initiated
logout: checks the ``id_token_hint`` signature and audience, then goes back
to ``post_logout_redirect_uri``). ID tokens are RS256-signed JWTs.

In the tests (``auto_approve``) ``/authorize`` approves ``self.user`` at
once. In the demo (``manage.py run_demo_oidc``) it shows a page listing
the people of the demo population registry; the person picked is the one
who signs in.

Knobs to misbehave: ``nonce_override`` signs another nonce into the ID
token; ``issuer_override`` another issuer; ``end_session = False`` leaves
the end_session_endpoint out of the metadata; ``stop()`` closes the port.
"""

import base64
import hashlib
import html
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet, RSAKey

USER = {
    "sub": "vneid-000123",
    "name": "Nguyễn Văn An",
    "personal_id": "080090001234",
    "birthdate": "1990-05-17",
    "phone_number": "0912345678",
    "email": "an.nguyen@example.vn",
    "email_verified": True,
    "address": {"formatted": "Ấp 1, thị trấn Tân Thạnh, huyện Tân Thạnh, Long An"},
}
AUTHORIZE_PARAMS = (
    "client_id",
    "response_type",
    "redirect_uri",
    "scope",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
)


def s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def person_claims(person: dict) -> dict:
    """Return the claims the provider asserts for a registry person (a dict)."""
    personal_id = person["personal_id"]
    birth = person.get("birth_date")
    return {
        "sub": f"demo-{personal_id}",
        "name": person["full_name"],
        "personal_id": personal_id,
        "birthdate": birth.isoformat() if hasattr(birth, "isoformat") else birth,
        "phone_number": "09" + personal_id[-8:],
        "phone_number_verified": True,
        "address": {"formatted": person.get("current_address", "")},
    }


def _day(iso: str) -> str:
    """Return an ISO date as dd/mm/yyyy (as it is written in Vietnam)."""
    parts = iso.split("-")
    return "/".join(reversed(parts)) if len(parts) == 3 else html.escape(iso)


class OidcProvider:
    """The provider; ``start()`` serves it in a thread, ``serve_forever()`` blocks."""

    def __init__(
        self,
        *,
        client_id="motcua-portal",
        client_secret="s3cret",
        people: list[dict] | None = None,
        auto_approve: bool = True,
        host: str = "127.0.0.1",
        port: int = 0,
    ):
        self.client_id, self.client_secret = client_id, client_secret
        self.user = dict(USER)
        self.people = people or [self.user]
        self.auto_approve = auto_approve
        self.host, self.port = host, port
        self.key = RSAKey.generate_key(
            2048, parameters={"kid": "test-key", "use": "sig"}
        )
        self.codes: dict[str, dict] = {}
        self.tokens: dict[str, dict] = {}
        self.token_errors: list[str] = []
        self.logouts: list[dict] = []
        self.nonce_override: str | None = None
        self.issuer_override: str | None = None
        self.end_session = True
        self._lock = threading.Lock()
        self._server = None

    @property
    def issuer(self) -> str:
        return f"http://{self.host}:{self.port}"

    def settings(self) -> dict:
        return {
            "MOTCUA_OIDC_ISSUER": self.issuer,
            "MOTCUA_OIDC_CLIENT_ID": self.client_id,
            "MOTCUA_OIDC_CLIENT_SECRET": self.client_secret,
        }

    def metadata(self) -> dict:
        base = self.issuer
        data = {
            "issuer": base,
            "authorization_endpoint": f"{base}/authorize",
            "token_endpoint": f"{base}/token",
            "jwks_uri": f"{base}/jwks",
            "userinfo_endpoint": f"{base}/userinfo",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic"],
        }
        if self.end_session:
            data["end_session_endpoint"] = f"{base}/logout"
        return data

    # -- endpoints -------------------------------------------------------
    def _check_authorize(self, query: dict) -> str:
        if (
            query.get("client_id") != self.client_id
            or query.get("response_type") != "code"
            or not query.get("redirect_uri")
        ):
            return "bad request"
        if query.get("code_challenge_method") != "S256" or not query.get(
            "code_challenge"
        ):
            return "PKCE required"
        return ""

    def authorize(self, query: dict) -> tuple[int, dict, str]:
        """Approve ``self.user`` at once, or show the page to pick a person."""
        problem = self._check_authorize(query)
        if problem:
            return 400, {}, problem
        if not self.auto_approve:
            return (
                200,
                {"Content-Type": "text/html; charset=utf-8"},
                self.login_page(query),
            )
        return self._approve(query, self.user)

    def pick(self, form: dict) -> tuple[int, dict, str]:
        """Take the person picked on the login page (POST /authorize)."""
        problem = self._check_authorize(form)
        if problem:
            return 400, {}, problem
        person = next((p for p in self.people if p["sub"] == form.get("sub")), None)
        if person is None:
            return 400, {}, "unknown person"
        return self._approve(form, person)

    def _approve(self, query: dict, person: dict) -> tuple[int, dict, str]:
        code = secrets.token_urlsafe(16)
        with self._lock:
            self.codes[code] = {
                "challenge": query["code_challenge"],
                "nonce": query.get("nonce", ""),
                "redirect_uri": query.get("redirect_uri", ""),
                "user": dict(person),
            }
        params = {"code": code, "state": query.get("state", "")}
        return 302, {"Location": f"{query['redirect_uri']}?{urlencode(params)}"}, ""

    def login_page(self, query: dict) -> str:
        hidden = "".join(
            f'<input type="hidden" name="{name}" value="{html.escape(query[name])}">'
            for name in AUTHORIZE_PARAMS
            if name in query
        )
        rows = "".join(
            "<li><button type=submit name=sub value="
            f'"{html.escape(person["sub"])}">{html.escape(person["name"])}</button>'
            f"<small>{html.escape(person.get('personal_id', ''))}"
            f" · {_day(person.get('birthdate') or '')}</small></li>"
            for person in self.people
        )
        return (
            '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            "<title>Định danh điện tử (mô phỏng)</title><style>"
            "body{font:16px/1.5 system-ui,sans-serif;margin:1rem;max-width:40rem}"
            "ul{list-style:none;padding:0}li{margin:.6rem 0}"
            "small{display:block;color:#444}"
            "button{font:inherit;min-height:2.75rem;padding:.3rem .8rem;"
            "border:2px solid #9b1c1c;background:#fff;color:#9b1c1c;"
            "border-radius:6px;cursor:pointer}</style></head>"
            "<body><main><h1>Định danh điện tử (mô phỏng)</h1>"
            "<p>Nhà cung cấp định danh dùng để trình diễn. Chọn người đăng nhập "
            "trong cơ sở dữ liệu dân cư mẫu:</p>"
            f'<form method="post" action="/authorize">{hidden}<ul>{rows}</ul>'
            "</form></main></body></html>"
        )

    def token(self, form: dict, authorization: str) -> tuple[int, dict]:
        expected = base64.b64encode(
            f"{self.client_id}:{self.client_secret}".encode()
        ).decode()
        if authorization != f"Basic {expected}":
            return self._token_error(401, "invalid_client")
        with self._lock:
            grant = self.codes.pop(form.get("code", ""), None)
        if grant is None or form.get("grant_type") != "authorization_code":
            return self._token_error(400, "invalid_grant")
        if form.get("redirect_uri") != grant["redirect_uri"]:
            return self._token_error(400, "invalid_grant")
        if s256(form.get("code_verifier", "")) != grant["challenge"]:
            return self._token_error(400, "invalid_grant")
        user = grant["user"]
        now = int(time.time())
        claims = {
            "iss": self.issuer_override or self.issuer,
            "sub": user["sub"],
            "aud": self.client_id,
            "iat": now,
            "exp": now + 300,
            "nonce": self.nonce_override or grant["nonce"],
            "name": user["name"],
        }
        id_token = jwt.encode({"alg": "RS256", "kid": "test-key"}, claims, self.key)
        access = secrets.token_urlsafe(16)
        with self._lock:
            self.tokens[access] = dict(user)
        return 200, {
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": id_token,
        }

    def _token_error(self, status, error):
        self.token_errors.append(error)
        return status, {"error": error}

    def userinfo(self, authorization: str) -> tuple[int, dict]:
        token = authorization.removeprefix("Bearer ").strip()
        with self._lock:
            info = self.tokens.get(token)
        if info is None:
            return 401, {"error": "invalid_token"}
        return 200, info

    def jwks(self) -> dict:
        return KeySet([self.key]).as_dict(private=False)

    def logout(self, query: dict) -> tuple[int, dict, str]:
        """End the session named by ``id_token_hint``; go back if asked."""
        try:
            token = jwt.decode(query.get("id_token_hint", ""), self.key)
        except (JoseError, ValueError):
            return 400, {}, "invalid id_token_hint"
        if token.claims.get("aud") != self.client_id:
            return 400, {}, "id_token_hint for another client"
        with self._lock:
            self.logouts.append(
                {
                    "sub": token.claims.get("sub"),
                    "post_logout_redirect_uri": query.get(
                        "post_logout_redirect_uri", ""
                    ),
                    "client_id": query.get("client_id", ""),
                }
            )
        back = query.get("post_logout_redirect_uri", "")
        if back.startswith(("http://", "https://")):
            if query.get("state"):
                back += ("&" if "?" in back else "?") + urlencode(
                    {"state": query["state"]}
                )
            return 302, {"Location": back}, ""
        return 200, {"Content-Type": "text/html; charset=utf-8"}, "Đã đăng xuất."

    # -- server ----------------------------------------------------------
    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status, body, headers=None):
                data = (
                    body.encode()
                    if isinstance(body, str)
                    else json.dumps(body).encode()
                )
                headers = {"Content-Type": "application/json", **(headers or {})}
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/.well-known/openid-configuration":
                    self._send(200, provider.metadata())
                elif url.path == "/jwks":
                    self._send(200, provider.jwks())
                elif url.path == "/authorize":
                    status, headers, body = provider.authorize(query)
                    self._send(status, body, headers)
                elif url.path == "/userinfo":
                    self._send(
                        *provider.userinfo(self.headers.get("Authorization", ""))
                    )
                elif url.path == "/logout" and provider.end_session:
                    status, headers, body = provider.logout(query)
                    self._send(status, body, headers)
                else:
                    self._send(404, {"error": "not_found"})

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode()
                form = {k: v[0] for k, v in parse_qs(raw).items()}
                path = urlparse(self.path).path
                if path == "/token":
                    self._send(
                        *provider.token(form, self.headers.get("Authorization", ""))
                    )
                elif path == "/authorize":
                    status, headers, body = provider.pick(form)
                    self._send(status, body, headers)
                else:
                    self._send(404, {"error": "not_found"})

        return Handler

    def _bind(self) -> ThreadingHTTPServer:
        server = ThreadingHTTPServer((self.host, self.port), self._handler())
        server.daemon_threads = True
        self.port = server.server_address[1]
        self._server = server
        return server

    def start(self) -> "OidcProvider":
        """Serve in a daemon thread (the port is kept across stop/start)."""
        server = self._bind()
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return self

    def serve_forever(self) -> None:
        """Serve in this thread until interrupted."""
        server = self._bind()
        try:
            server.serve_forever()
        finally:
            server.server_close()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
