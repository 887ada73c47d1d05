"""The HTTP server every fake outside service in the tests runs on.

A fake (SMS gateway, payment gateway, population database, identity
provider) subclasses ``FakeServer``, builds its request handler and calls
``serve(handler)``; the server listens on 127.0.0.1 in a daemon thread and
keeps its port across ``stop()``/``start()``, so a test can take the
service down and bring it back at the same address.
"""

import threading
from http.server import ThreadingHTTPServer


class FakeServer:
    port = 0
    _server = None

    def serve(self, handler):
        """Listen with ``handler`` (a BaseHTTPRequestHandler class); return self."""
        server = ThreadingHTTPServer(("127.0.0.1", self.port), handler)
        server.daemon_threads = True
        self.port = server.server_address[1]
        self._server = server
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
