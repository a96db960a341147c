"""Start the server: bind, warm the engines, serve until Ctrl-C."""

from __future__ import annotations

import ipaddress
import socket

from axocr.config import ServeConfig


def is_loopback(host: str) -> bool:
    """Only this machine can reach the address (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def bind_socket(host: str, port: int) -> socket.socket:
    """The listening socket, bound before the app starts so the real port (for --port 0) is
    known and printed."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def run_server(config: ServeConfig, sock: socket.socket) -> None:
    import uvicorn

    from axocr.serve.app import create_app

    app = create_app(config)
    server = uvicorn.Server(
        uvicorn.Config(app, log_level="warning", access_log=False, timeout_keep_alive=30)
    )
    server.run(sockets=[sock])
