"""Start JupyterLab on the project, for the analyst: ``make lab`` (``python -m utils.lab``).

Lab opens on the project folder (so the notebooks, ``data/`` with its editable lexicons
and ``data/corrections/``, and the generated ``reports/`` are all one click away), shows
``notebooks/`` first, and runs notebooks with the project's kernel "who-says-what"
(registered into the virtualenv by ``make setup``; registered here too if missing, with
``utils.report.ensure_kernel``).
Notebooks find their files through :mod:`utils.paths`, so the working directory does not
matter to them.

Security: the server listens on 127.0.0.1 only and keeps Jupyter's token. A random token
is made here, handed to Jupyter through the ``JUPYTER_TOKEN`` environment variable (so it
does not show in ``ps``), and the full URL with the token is printed in a banner; the
browser opened by Jupyter logs in by itself. ``--no-token`` switches the token off, and is
refused unless the server is bound to a loopback address.

Used by the Makefile's ``lab`` target and by ``tests/notebooks/test_browser.py``.
"""
from __future__ import annotations

import argparse
import ipaddress
import os
import secrets
import socket
import sys
from collections.abc import Sequence
from pathlib import Path

from utils import paths
from utils.report import KERNEL_NAME, ensure_kernel

#: Loopback only: nothing outside this machine can reach the server.
DEFAULT_IP = "127.0.0.1"


def free_port(ip: str = DEFAULT_IP) -> int:
    """A TCP port that is free on ``ip`` right now (the OS picks it).

    Returns:
        The port number (another process could still take it before Lab binds it;
        Lab is started with ``port_retries=0`` so it fails loudly rather than moving).

    Example:
        >>> 1024 <= free_port() <= 65535
        True
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((ip, 0))
        return int(s.getsockname()[1])


def is_loopback(ip: str) -> bool:
    """True for 127.0.0.0/8, ::1 and ``localhost``.

    Example:
        >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("0.0.0.0")
        (True, True, False)
    """
    if ip == "localhost":
        return True
    try:
        return ipaddress.ip_address(ip).is_loopback
    except ValueError:
        return False


def lab_command(port: int | None = None, open_browser: bool = True, token: str | None = None, *,
                ip: str = DEFAULT_IP, root_dir: str | os.PathLike | None = None,
                default_path: str | None = "notebooks", python: str | None = None,
                allow_root: bool | None = None) -> list[str]:
    """The command line that starts JupyterLab on the project.

    Args:
        port: the port; None picks a free one with :func:`free_port`.
        open_browser: let Jupyter open the system's browser.
        token: None leaves the token to Jupyter (it reads ``$JUPYTER_TOKEN`` or makes one);
            a string sets it on the command line; ``""`` disables it, allowed only when
            ``ip`` is a loopback address.
        ip: the address to listen on (default 127.0.0.1).
        root_dir: the folder Lab shows (default: the project root).
        default_path: the folder or notebook, relative to ``root_dir``, Lab opens first;
            None for Lab's default.
        python: the interpreter (default: this one, i.e. the virtualenv's).
        allow_root: pass Jupyter's ``allow_root`` (it refuses to start as root otherwise,
            e.g. in a container or CI); None: only when running as root.

    Returns:
        The argv list, ready for :func:`subprocess.Popen` or :func:`os.execv`.

    Raises:
        ValueError: ``token=""`` with a non-loopback ``ip``.

    Example:
        >>> cmd = lab_command(8899, open_browser=False, token="")
        >>> cmd[1:3], "--ServerApp.ip=127.0.0.1" in cmd, "--IdentityProvider.token=" in cmd
        (['-m', 'jupyterlab'], True, True)
    """
    if token == "" and not is_loopback(ip):
        raise ValueError(f"refusing to disable the token on {ip}: only allowed on a loopback address")
    port = free_port(ip) if port is None else int(port)
    root = Path(root_dir) if root_dir is not None else paths.ROOT
    cmd = [
        python or sys.executable, "-m", "jupyterlab",
        f"--ServerApp.ip={ip}",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={root}",
        f"--ServerApp.open_browser={open_browser}",
        # No calls home: no update check, no news feed (there's no network to spare).
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.news_url=None",
    ]
    if allow_root is None:
        allow_root = hasattr(os, "geteuid") and os.geteuid() == 0
    if allow_root:
        cmd.append("--ServerApp.allow_root=True")
    if default_path:
        cmd.append(f"--ServerApp.default_url=/lab/tree/{default_path.strip('/')}")
    if token is not None:
        cmd.append(f"--IdentityProvider.token={token}")
        if token == "":
            cmd.append("--PasswordIdentityProvider.password_required=False")
    return cmd


def lab_url(port: int, token: str | None = None, *, ip: str = DEFAULT_IP, path: str = "lab") -> str:
    """The URL to open: ``http://IP:PORT/PATH`` with ``?token=`` when there is one.

    Example:
        >>> lab_url(8899, "abc")
        'http://127.0.0.1:8899/lab?token=abc'
    """
    url = f"http://{ip}:{port}/{path.lstrip('/')}"
    return f"{url}?token={token}" if token else url


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m utils.lab [--port N] [--no-browser] [--no-token]``: print the URL, start Lab."""
    ap = argparse.ArgumentParser(prog="python -m utils.lab", description=__doc__.split("\n")[0])
    ap.add_argument("--port", type=int, default=None, help="port (default: 8888 if free, else any free port)")
    ap.add_argument("--ip", default=DEFAULT_IP, help="address to listen on (default 127.0.0.1)")
    ap.add_argument("--no-browser", action="store_true", help="do not open a browser")
    ap.add_argument("--no-token", action="store_true",
                    help="no login token (only allowed on a loopback address)")
    args = ap.parse_args(argv)
    if args.no_token and not is_loopback(args.ip):
        ap.error(f"--no-token is only allowed on a loopback address, not {args.ip}")
    port = args.port
    if port is None:
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
                s.bind((args.ip, 8888))
            port = 8888
        except OSError:
            port = free_port(args.ip)
    ensure_kernel()
    token = "" if args.no_token else os.environ.get("JUPYTER_TOKEN") or secrets.token_urlsafe(24)
    cmd = lab_command(port, open_browser=not args.no_browser, token="" if args.no_token else None,
                      ip=args.ip)
    env = {**os.environ, "JUPYTER_TOKEN": token} if token else dict(os.environ)
    if env.get("MPLBACKEND", "").lower() == "agg":
        del env["MPLBACKEND"]  # a headless setting (e.g. from CI) would hide every chart in Lab
    url = lab_url(port, token, ip=args.ip, path="lab/tree/notebooks")
    bar = "=" * min(100, len(url) + 4)
    print(f"{bar}\n  JupyterLab on {paths.ROOT} (kernel '{KERNEL_NAME}'); open:\n\n  {url}\n\n"
          f"  Stop it with Ctrl-C (twice).\n{bar}", flush=True)
    os.execve(cmd[0], cmd, env)


if __name__ == "__main__":  # pragma: no cover
    main()
