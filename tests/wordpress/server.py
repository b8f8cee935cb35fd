"""A real WordPress (Debian packages: wordpress, php-cli, php-mysql, mariadb-server) on loopback.

:class:`WordPressServer` brings up a throw-away site in a few seconds, with no systemd and no
network: a private MariaDB on a Unix socket in a temporary data directory, WordPress installed
by a PHP script, and PHP's built-in web server on a free ``127.0.0.1`` port. Helpers seed and
inspect the site by running PHP against the same installation, without HTTP.

Debian's ``wp-config.php`` loads ``/etc/wordpress/config-<host>.php`` for the ``Host`` header of
each request, so clients must use exactly :attr:`WordPressServer.base_url`
(``http://127.0.0.1:PORT``). That file is the only thing written outside the temporary
directory, and :meth:`WordPressServer.stop` removes it again.

This module has no pytest dependency; ``python -m tests.wordpress.server`` starts a site, prints
how long that took, and keeps it up until interrupted.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

WORDPRESS_DIR = Path("/usr/share/wordpress")
SHARED_CONTENT_DIR = Path("/var/lib/wordpress/wp-content")
CONFIG_DIR = Path("/etc/wordpress")
HOST = "127.0.0.1"
CONFIG_MARKER = "// agora-test-server"

#: Programs the server needs, each with the Debian package that provides it.
REQUIRED = {
    "php": "php-cli",
    "mariadbd": "mariadb-server",
    "mariadb-install-db": "mariadb-server",
    "mariadb-admin": "mariadb-client",
}

ADMIN_USER = "admin"
ADMIN_PASSWORD = "admin-password-for-tests"
ADMIN_EMAIL = "admin@example.com"
SITE_TITLE = "Agora Test Site"
SITE_DESCRIPTION = "A WordPress for agora's integration tests"
#: Not UTC on purpose: ``date`` and ``date_gmt`` differ, so code that confuses them fails.
TIMEZONE = "Europe/Athens"

_RESULT_MARKER = "\n@@agora-php-result@@"


class WordPressServerError(RuntimeError):
    """The test server could not be started or a helper failed; the message carries the logs."""


class _PortTaken(Exception):
    pass


def missing_programs() -> list[str]:
    """Debian packages whose programs are not installed (empty when all are there)."""
    missing = []
    for program, package in REQUIRED.items():
        if shutil.which(program) is None and not Path("/usr/sbin", program).exists():
            missing.append(package)
    if not (WORDPRESS_DIR / "wp-load.php").exists():
        missing.append("wordpress")
    return sorted(set(missing))


def _which(program: str) -> str:
    found = shutil.which(program)
    if found:
        return found
    candidate = Path("/usr/sbin", program)
    if candidate.exists():
        return str(candidate)
    raise WordPressServerError(f"{program} is not installed (run tests/wordpress/install.sh)")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _tail(path: Path, lines: int = 40) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return f"({path}: no log)"
    return "\n".join(text.splitlines()[-lines:]) or f"({path}: empty)"


def _php_str(value: str) -> str:
    """A PHP single-quoted string literal."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _gmt(value: dt.datetime | str | None) -> str | None:
    """A ``Y-m-d H:i:s`` UTC string from an aware datetime (naive is taken as UTC)."""
    if value is None or isinstance(value, str):
        return value
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC)
    return value.strftime("%Y-%m-%d %H:%M:%S")


_MU_PLUGIN = r"""<?php
/*
 * Plugin Name: agora test harness
 * Description: No mail, no outgoing HTTP, and comment flood control switched by an option.
 */

// There is no MTA: record mail instead of sending it (mu-plugins load before pluggable.php).
if ( ! function_exists( 'wp_mail' ) ) {
	function wp_mail( $to, $subject, $message, $headers = '', $attachments = array() ) {
		$line = wp_json_encode( array( 'to' => $to, 'subject' => $subject ) ) . "\n";
		file_put_contents( WP_CONTENT_DIR . '/mail.log', $line, FILE_APPEND | LOCK_EX );
		return true;
	}
}

// Comment flood control (15 s per IP or email) is on only while the option is truthy. Every
// test client posts from 127.0.0.1, so it is off unless a test switches it on.
add_filter(
	'comment_flood_filter',
	function ( $block, $time_last, $time_new ) {
		return get_option( 'agora_flood_control', '0' ) ? $block : false;
	},
	99,
	3
);

// Tests can make the next N REST requests fail with a chosen status (to exercise retries).
add_filter(
	'rest_pre_dispatch',
	function ( $result ) {
		$left = (int) get_option( 'agora_rest_failures', 0 );
		if ( $left > 0 ) {
			update_option( 'agora_rest_failures', $left - 1 );
			$status = (int) get_option( 'agora_rest_failure_status', 503 );
			$data = array( 'status' => $status );
			return new WP_Error( 'agora_injected_failure', 'Injected failure', $data );
		}
		return $result;
	},
	1
);

// Tests can make the site look like one running Jetpack while an option is set: its REST
// namespace is there (the connection to WordPress.com is answered by tests/wpcom's server).
add_action(
	'rest_api_init',
	function () {
		if ( get_option( 'agora_jetpack', '0' ) ) {
			register_rest_route(
				'jetpack/v4',
				'/connection',
				array(
					'methods' => 'GET',
					'callback' => function () { return array( 'isActive' => true ); },
					'permission_callback' => '__return_true',
				)
			);
		}
	}
);

// No outgoing HTTP at all (update checks, pingbacks, the permalink self-test of wp_install).
add_filter(
	'pre_http_request',
	function () {
		return new WP_Error( 'http_request_blocked', 'HTTP is disabled on the agora test server' );
	},
	1
);
"""

_ROUTER = r"""<?php
// Router for PHP's built-in server: WordPress's own .htaccess rules, in PHP.
$docroot = '@DOCROOT@';
$content = '@CONTENT@';
$path = rawurldecode( parse_url( $_SERVER['REQUEST_URI'], PHP_URL_PATH ) ?? '/' );
if ( str_contains( $path, '..' ) ) {
	http_response_code( 400 );
	return true;
}
if ( str_starts_with( $path, '/wp-content/' ) ) {
	$file = $content . substr( $path, strlen( '/wp-content' ) );
	if ( ! is_file( $file ) || str_ends_with( $file, '.php' ) ) {
		http_response_code( 404 );
		return true;
	}
	$types = array(
		'css' => 'text/css', 'js' => 'application/javascript', 'png' => 'image/png',
		'jpg' => 'image/jpeg', 'jpeg' => 'image/jpeg', 'gif' => 'image/gif',
		'svg' => 'image/svg+xml', 'woff2' => 'font/woff2', 'json' => 'application/json',
	);
	$ext = strtolower( pathinfo( $file, PATHINFO_EXTENSION ) );
	header( 'Content-Type: ' . ( $types[ $ext ] ?? 'application/octet-stream' ) );
	readfile( $file );
	return true;
}
$real = $docroot . $path;
if ( '/' !== $path && is_file( $real ) ) {
	return false;
}
if ( '/' !== $path && is_dir( $real ) && is_file( rtrim( $real, '/' ) . '/index.php' ) ) {
	return false;
}
$_SERVER['SCRIPT_NAME'] = '/index.php';
$_SERVER['PHP_SELF'] = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = $docroot . '/index.php';
chdir( $docroot );
require $docroot . '/index.php';
"""


class WordPressServer:
    """A throw-away WordPress on ``http://127.0.0.1:PORT``.

    Use as a context manager or call :meth:`start` and :meth:`stop`. The administrator is
    :attr:`admin_user` / :attr:`admin_password` (a login password, not an application password:
    use :meth:`app_password` for the REST API).
    """

    admin_user = ADMIN_USER
    admin_password = ADMIN_PASSWORD
    admin_email = ADMIN_EMAIL
    title = SITE_TITLE
    description = SITE_DESCRIPTION

    def __init__(self, *, port: int | None = None, workers: int = 4, startup_timeout: float = 30):
        self.port = port
        self._own_port = port is None
        self.workers = workers
        self.startup_timeout = startup_timeout
        self.root: Path | None = None
        self.config_file = CONFIG_DIR / f"config-{HOST}.php"
        self.startup_seconds: float | None = None
        self.timings: dict[str, float] = {}
        self._db_proc: subprocess.Popen[bytes] | None = None
        self._web_proc: subprocess.Popen[bytes] | None = None
        self._wrote_config = False
        self._sigterm_handler: Any = None
        self._script_counter = 0
        self._db_password = secrets.token_hex(12)

    # -- properties -------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT``, the only host name this site answers to."""
        if self.port is None:
            raise WordPressServerError("the server is not started")
        return f"http://{HOST}:{self.port}"

    @property
    def running(self) -> bool:
        return self._web_proc is not None and self._web_proc.poll() is None

    def _path(self, *parts: str) -> Path:
        if self.root is None:
            raise WordPressServerError("the server is not started")
        return self.root.joinpath(*parts)

    # -- lifecycle --------------------------------------------------------------------------

    def __enter__(self) -> WordPressServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> WordPressServer:
        """Bring the whole site up; raise :class:`WordPressServerError` with logs on failure."""
        if self.root is not None:
            raise WordPressServerError("the server is already started")
        missing = missing_programs()
        if missing:
            raise WordPressServerError(
                "missing Debian packages: "
                + " ".join(missing)
                + " (run tests/wordpress/install.sh as root)"
            )
        began = time.monotonic()
        atexit.register(self.stop)
        self._stop_on_sigterm()
        try:
            if self._own_port or self.port is None:
                self.port = free_port()
            self.root = Path(tempfile.mkdtemp(prefix="agora-wp-"))
            self.root.chmod(0o755)  # mysqld (as mysql) must reach its datadir and socket
            self._step("config", self._write_files)
            self._step("mariadb", self._start_mariadb)
            self._step("install", self._install_wordpress)
            self._step("web", self._start_web_with_retries)
        except Exception as exc:
            logs = self.logs()
            self.stop()
            raise WordPressServerError(
                f"WordPress test server failed to start: {exc}\n{logs}".rstrip()
            ) from exc
        except BaseException:
            self.stop()
            raise
        self.startup_seconds = time.monotonic() - began
        return self

    def _stop_on_sigterm(self) -> None:
        """atexit does not run on SIGTERM (a CI timeout): stop the servers, which live in
        their own sessions, then die of the signal as before."""
        if threading.current_thread() is not threading.main_thread():
            return
        if signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
            return

        def on_sigterm(signum: int, frame: object) -> None:
            with contextlib.suppress(Exception):
                self.stop()
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGTERM)

        signal.signal(signal.SIGTERM, on_sigterm)
        self._sigterm_handler = on_sigterm

    def _step(self, name: str, func: Any) -> None:
        began = time.monotonic()
        func()
        self.timings[name] = time.monotonic() - began

    def stop(self) -> None:
        """Kill both process groups, remove the temporary directory and the config file."""
        for proc in (self._web_proc, self._db_proc):
            if proc is not None:
                self._kill_group(proc)
        self._web_proc = self._db_proc = None
        if self._wrote_config:
            with contextlib.suppress(OSError):
                if CONFIG_MARKER in self.config_file.read_text(errors="replace"):
                    self.config_file.unlink()
            self._wrote_config = False
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None
        with contextlib.suppress(Exception):
            atexit.unregister(self.stop)
        if self._sigterm_handler is not None:
            with contextlib.suppress(Exception):
                if signal.getsignal(signal.SIGTERM) is self._sigterm_handler:
                    signal.signal(signal.SIGTERM, signal.SIG_DFL)
            self._sigterm_handler = None

    @staticmethod
    def _kill_group(proc: subprocess.Popen[bytes]) -> None:
        if proc.poll() is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)  # stray children (php workers)
            return
        for sig, wait in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 5.0)):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, sig)
            try:
                proc.wait(timeout=wait)
                break
            except subprocess.TimeoutExpired:
                continue
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)

    def logs(self) -> str:
        """The tails of the MariaDB and PHP logs (for error messages)."""
        if self.root is None:
            return ""
        parts = []
        for name in ("run/mariadb.log", "mariadb.out", "php-server.log", "php-error.log"):
            path = self._path(name)
            if path.exists():
                parts.append(f"--- {name} ---\n{_tail(path)}")
        return "\n".join(parts)

    # -- bring-up steps ---------------------------------------------------------------------

    def _write_files(self) -> None:
        root = self._path()
        as_root = os.geteuid() == 0
        for name in ("db", "run"):
            path = root / name
            path.mkdir()
            if as_root:
                shutil.chown(path, "mysql", "mysql")
        content = root / "content"
        content.mkdir()
        for name in ("themes", "plugins", "languages"):
            if (SHARED_CONTENT_DIR / name).exists():
                (content / name).symlink_to(SHARED_CONTENT_DIR / name)
        (content / "uploads").mkdir()
        (content / "mu-plugins").mkdir()
        (content / "mu-plugins" / "agora-test-harness.php").write_text(_MU_PLUGIN)
        (root / "scripts").mkdir()
        (root / "router.php").write_text(
            _ROUTER.replace("@DOCROOT@", str(WORDPRESS_DIR)).replace("@CONTENT@", str(content))
        )
        (root / "run" / "init.sql").write_text(
            "CREATE DATABASE IF NOT EXISTS wordpress CHARACTER SET utf8mb4;\n"
            f"CREATE USER IF NOT EXISTS 'wp'@'localhost' IDENTIFIED BY '{self._db_password}';\n"
            "GRANT ALL ON wordpress.* TO 'wp'@'localhost';\n"
        )
        (root / "boot.php").write_text(self._boot_php())
        self._write_config()

    def _write_config(self) -> None:
        try:
            existing = self.config_file.read_text(errors="replace")
        except FileNotFoundError:
            existing = None
        except OSError as exc:
            raise WordPressServerError(f"cannot read {self.config_file}: {exc}") from exc
        if existing is not None:
            if CONFIG_MARKER not in existing:
                raise WordPressServerError(
                    f"{self.config_file} exists and was not written by the test server; "
                    "refusing to overwrite it"
                )
            pid = _config_owner(existing)
            if pid and pid != os.getpid() and _alive(pid):
                raise WordPressServerError(
                    f"another WordPress test server (process {pid}) owns {self.config_file}"
                )
        salts = "\n".join(
            f"define({_php_str(key)}, {_php_str(secrets.token_urlsafe(48))});"
            for key in (
                "AUTH_KEY",
                "SECURE_AUTH_KEY",
                "LOGGED_IN_KEY",
                "NONCE_KEY",
                "AUTH_SALT",
                "SECURE_AUTH_SALT",
                "LOGGED_IN_SALT",
                "NONCE_SALT",
            )
        )
        socket_path = self._path("run", "mysqld.sock")
        text = f"""<?php
{CONFIG_MARKER} pid={os.getpid()} root={self._path()}
define('DB_NAME', 'wordpress');
define('DB_USER', 'wp');
define('DB_PASSWORD', {_php_str(self._db_password)});
define('DB_HOST', {_php_str(f"localhost:{socket_path}")});
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
define('WP_HOME', {_php_str(self.base_url)});
define('WP_SITEURL', {_php_str(self.base_url)});
define('WP_CONTENT_DIR', {_php_str(str(self._path("content")))});
define('WP_CONTENT_URL', {_php_str(self.base_url + "/wp-content")});
{salts}
define('WP_ENVIRONMENT_TYPE', 'local');
define('DISABLE_WP_CRON', true);
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_DEBUG', false);
define('WP_DEBUG_DISPLAY', false);
define('WP_DEBUG_LOG', false);
$table_prefix = 'wp_';
"""
        CONFIG_DIR.mkdir(parents=True, exist_ok=True)
        tmp = self.config_file.with_name(self.config_file.name + f".{os.getpid()}.tmp")
        try:
            tmp.write_text(text)
            tmp.chmod(0o644)
            tmp.replace(self.config_file)
        except OSError as exc:
            raise WordPressServerError(
                f"cannot write {self.config_file}: {exc} (the test server must run as root)"
            ) from exc
        self._wrote_config = True

    def _boot_php(self) -> str:
        return f"""<?php
// Make WordPress believe it serves a request for {self.base_url} (Debian's wp-config.php
// picks /etc/wordpress/config-<host>.php from the Host header).
$_SERVER['HTTP_HOST'] = {_php_str(f"{HOST}:{self.port}")};
$_SERVER['SERVER_NAME'] = {_php_str(HOST)};
$_SERVER['SERVER_PORT'] = '{self.port}';
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';
$_SERVER['REMOTE_ADDR'] = '127.0.0.1';
$_SERVER['SERVER_PROTOCOL'] = 'HTTP/1.1';
if ( getenv( 'AGORA_WP_INSTALLING' ) ) {{
	define( 'WP_INSTALLING', true );
}}
require '{WORDPRESS_DIR}/wp-load.php';
if ( ! getenv( 'AGORA_WP_INSTALLING' ) ) {{
	wp_set_current_user( 1 );  // seed as the administrator: no kses on test content
}}
"""

    def _start_mariadb(self) -> None:
        datadir = self._path("db")
        run = self._path("run")
        as_root = os.geteuid() == 0
        user_args = ["--user=mysql"] if as_root else []
        install = subprocess.run(
            [
                _which("mariadb-install-db"),
                "--no-defaults",
                *user_args,
                f"--datadir={datadir}",
                "--skip-test-db",
                "--auth-root-authentication-method=socket",
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        if install.returncode != 0:
            raise WordPressServerError(
                f"mariadb-install-db failed ({install.returncode}):\n"
                + install.stdout[-3000:]
                + install.stderr[-3000:]
            )
        socket_path = run / "mysqld.sock"
        out = self._path("mariadb.out").open("wb")
        self._db_proc = subprocess.Popen(
            [
                _which("mariadbd"),
                "--no-defaults",
                *user_args,
                f"--datadir={datadir}",
                f"--socket={socket_path}",
                f"--pid-file={run / 'mysqld.pid'}",
                f"--log-error={run / 'mariadb.log'}",
                f"--init-file={run / 'init.sql'}",
                "--skip-networking",
                "--skip-name-resolve",
                "--skip-log-bin",
                "--innodb-buffer-pool-size=64M",
                "--innodb-log-file-size=32M",
                "--innodb-flush-log-at-trx-commit=0",
                "--innodb-doublewrite=0",
                "--character-set-server=utf8mb4",
                "--collation-server=utf8mb4_unicode_ci",
            ],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        out.close()
        admin = _which("mariadb-admin")
        deadline = time.monotonic() + self.startup_timeout
        while True:
            if self._db_proc.poll() is not None:
                raise WordPressServerError(f"mariadbd exited with {self._db_proc.returncode}")
            if socket_path.exists():
                ping = subprocess.run(
                    [
                        admin,
                        "--no-defaults",
                        f"--socket={socket_path}",
                        "--user=wp",
                        f"--password={self._db_password}",
                        "--connect-timeout=2",
                        "ping",
                    ],
                    capture_output=True,
                    timeout=10,
                )
                if ping.returncode == 0:
                    return
            if time.monotonic() > deadline:
                raise WordPressServerError(
                    f"mariadbd did not answer within {self.startup_timeout} s"
                )
            time.sleep(0.05)

    def _install_wordpress(self) -> None:
        self.php_json(
            """
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
$result = wp_install( $args['title'], $args['user'], $args['email'], true, '', $args['password'] );
update_option( 'blogdescription', $args['description'] );
update_option( 'timezone_string', $args['timezone'] );
update_option( 'thread_comments_depth', 10 );
update_option( 'agora_flood_control', '0' );
update_option( 'permalink_structure', '/%year%/%monthnum%/%day%/%postname%/' );
flush_rewrite_rules( false );
return $result['user_id'];
""",
            {
                "title": self.title,
                "description": self.description,
                "user": self.admin_user,
                "email": self.admin_email,
                "password": self.admin_password,
                "timezone": TIMEZONE,
            },
            _installing=True,
        )

    def _start_web_with_retries(self) -> None:
        """Start the web server; when another process took the chosen port in the meantime,
        move to a new free port (the site's address is in its config, not in the database)."""
        for attempt in range(3):
            try:
                self._start_web()
                return
            except _PortTaken:
                if not self._own_port or attempt == 2:
                    raise WordPressServerError(f"port {self.port} is in use") from None
                self.port = free_port()
                self._write_config()
                self._path("boot.php").write_text(self._boot_php())

    def _start_web(self) -> None:
        log = self._path("php-server.log").open("wb")
        env = dict(os.environ, PHP_CLI_SERVER_WORKERS=str(self.workers))
        self._web_proc = subprocess.Popen(
            [
                _which("php"),
                "-d",
                "display_errors=0",
                "-d",
                "log_errors=1",
                "-d",
                f"error_log={self._path('php-error.log')}",
                "-d",
                "memory_limit=256M",
                "-S",
                f"{HOST}:{self.port}",
                "-t",
                str(WORDPRESS_DIR),
                str(self._path("router.php")),
            ],
            cwd=str(WORDPRESS_DIR),
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + self.startup_timeout
        log_path = self._path("php-server.log")
        while True:  # until php -S says it listens (or that it cannot)
            text = _tail(log_path)
            if "Address already in use" in text:
                self._kill_group(self._web_proc)
                self._web_proc = None
                raise _PortTaken()
            if self._web_proc.poll() is not None:
                raise WordPressServerError(f"php -S exited with {self._web_proc.returncode}")
            if "started" in text:
                break
            if time.monotonic() > deadline:
                raise WordPressServerError(f"php -S did not start within {self.startup_timeout} s")
            time.sleep(0.02)
        url = self.base_url + "/?rest_route=/"
        last_error: object = None
        while time.monotonic() < deadline:
            if self._web_proc.poll() is not None:
                raise WordPressServerError(f"php -S exited with {self._web_proc.returncode}")
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    if response.status == 200:
                        json.loads(response.read())
                        return
            except (OSError, ValueError) as exc:
                last_error = exc
            time.sleep(0.05)
        raise WordPressServerError(
            f"WordPress did not answer {url} within {self.startup_timeout} s ({last_error})"
        )

    # -- running PHP against the installation -----------------------------------------------

    def _run_php(self, code: str, args: Any, *, installing: bool = False) -> str:
        self._script_counter += 1
        script = self._path("scripts", f"s{self._script_counter}.php")
        script.write_text(
            "<?php\n"
            f"require {_php_str(str(self._path('boot.php')))};\n"
            "$args = json_decode( stream_get_contents( STDIN ), true );\n"
            "$__agora_result = ( function ( $args ) {\n"
            "global $wpdb;\n"
            f"{code}\n"
            "} )( $args );\n"
            f"echo {_php_str(_RESULT_MARKER)} . wp_json_encode( $__agora_result );\n"
        )
        env = dict(os.environ)
        if installing:
            env["AGORA_WP_INSTALLING"] = "1"
        proc = subprocess.run(
            [
                _which("php"),
                "-d",
                "display_errors=stderr",
                "-d",
                "memory_limit=512M",
                str(script),
            ],
            input=json.dumps(args).encode(),
            capture_output=True,
            env=env,
            timeout=300,
        )
        stdout = proc.stdout.decode("utf-8", errors="replace")
        if proc.returncode != 0 or _RESULT_MARKER not in stdout:
            stderr = proc.stderr.decode("utf-8", errors="replace")
            raise WordPressServerError(
                f"PHP helper failed ({proc.returncode}):\n{code.strip()[:2000]}\n"
                f"--- stdout ---\n{stdout[-3000:]}\n--- stderr ---\n{stderr[-3000:]}"
            )
        return stdout

    def php(self, code: str, args: Any = None) -> str:
        """Run ``code`` (PHP statements, WordPress loaded, ``$args`` decoded from JSON) and
        return what it printed."""
        return self._run_php(code, args).split(_RESULT_MARKER, 1)[0]

    def php_json(self, code: str, args: Any = None, *, _installing: bool = False) -> Any:
        """Run ``code`` like :meth:`php` and return its PHP ``return`` value, via JSON."""
        out = self._run_php(code, args, installing=_installing)
        return json.loads(out.rsplit(_RESULT_MARKER, 1)[1])

    # -- seeding and inspecting -------------------------------------------------------------

    def create_post(
        self,
        title: str,
        content: str = "",
        comment_status: str = "open",
        date: dt.datetime | None = None,
        *,
        status: str = "publish",
    ) -> int:
        """Publish a post (as the administrator) and return its id."""
        return int(
            self.php_json(
                """
$post = array(
	'post_title' => $args['title'], 'post_content' => $args['content'],
	'post_status' => $args['status'], 'comment_status' => $args['comment_status'],
	'post_author' => 1, 'post_type' => 'post',
);
if ( $args['date_gmt'] ) {
	$post['post_date_gmt'] = $args['date_gmt'];
	$post['post_date'] = get_date_from_gmt( $args['date_gmt'] );
}
$id = wp_insert_post( $post, true );
if ( is_wp_error( $id ) ) { throw new Exception( $id->get_error_message() ); }
return $id;
""",
                {
                    "title": title,
                    "content": content,
                    "status": status,
                    "comment_status": comment_status,
                    "date_gmt": _gmt(date),
                },
            )
        )

    def set_comment_status_of_post(self, post_id: int, comment_status: str) -> None:
        """Open or close a post's comments (``open`` / ``closed``)."""
        self.php_json(
            "wp_update_post( array( 'ID' => $args['id'], 'comment_status' => $args['s'] ) );",
            {"id": post_id, "s": comment_status},
        )

    def moderate(self, comment_id: int, status: str) -> None:
        """What a moderator does to a comment: ``approve``, ``hold``, ``spam``, ``trash``, or
        ``delete`` (for good)."""
        if status == "delete":
            self.php_json("return wp_delete_comment( $args, true );", comment_id)
        else:
            code = "return wp_set_comment_status( $args['id'], $args['s'] );"
            self.php_json(code, {"id": comment_id, "s": status})

    def post_url(self, post_id: int) -> str:
        """The post's permalink."""
        return str(self.php_json("return get_permalink( $args );", post_id))

    def create_comment(
        self,
        post_id: int,
        author: str,
        content: str,
        parent: int = 0,
        approved: int | str | bool = 1,
        email: str | None = None,
        date: dt.datetime | None = None,
        *,
        author_url: str = "",
        user_id: int = 0,
        ip: str = "192.0.2.1",
        type: str = "comment",
    ) -> int:
        """Insert one comment directly (no moderation, no flood checks) and return its id.

        ``approved``: 1/True approved, 0/False held, or ``"spam"`` / ``"trash"``. The author
        IP defaults to a documentation address, so seeded comments never count towards flood
        control for the test clients on 127.0.0.1.
        """
        ids = self._insert_comments(
            post_id,
            [
                {
                    "author": author,
                    "email": email if email is not None else _email_for(author),
                    "url": author_url,
                    "content": content,
                    "parent": parent,
                    "approved": _approved(approved),
                    "date_gmt": _gmt(date) or _gmt(dt.datetime.now(dt.UTC)),
                    "user_id": user_id,
                    "ip": ip,
                    "type": type,
                }
            ],
            parent_is_index=False,
        )
        return ids[0]

    def bulk_comments(
        self,
        post_id: int,
        n: int,
        *,
        parents: list[int | None] | None = None,
        start: dt.datetime | None = None,
        step: dt.timedelta = dt.timedelta(seconds=30),
        approved: int | str | bool = 1,
        author: str = "Reader {i}",
        content: str = "<p>Comment number {i}.</p>",
    ) -> list[int]:
        """Insert ``n`` comments in one PHP run (thousands per second) and return their ids.

        ``parents[i]`` is the *index* (into this batch, smaller than ``i``) of comment ``i``'s
        parent, or None for a top-level comment; by default all are top-level. Dates start at
        ``start`` (default: ``n * step`` ago) and grow by ``step``. ``{i}`` in ``author`` and
        ``content`` is replaced by the comment's index.
        """
        if parents is not None and len(parents) != n:
            raise ValueError("parents must have one entry per comment")
        if start is None:
            start = dt.datetime.now(dt.UTC) - step * (n + 1)
        rows = []
        for i in range(n):
            parent = parents[i] if parents is not None else None
            if parent is not None and not 0 <= parent < i:
                raise ValueError(f"parents[{i}] must be an earlier index, not {parent}")
            name = author.format(i=i)
            rows.append(
                {
                    "author": name,
                    "email": _email_for(name),
                    "url": "",
                    "content": content.format(i=i),
                    "parent": -1 if parent is None else parent,
                    "approved": _approved(approved),
                    "date_gmt": _gmt(start + step * i),
                    "user_id": 0,
                    "ip": "192.0.2.1",
                    "type": "comment",
                }
            )
        return self._insert_comments(post_id, rows, parent_is_index=True)

    def _insert_comments(
        self, post_id: int, rows: list[dict[str, Any]], *, parent_is_index: bool
    ) -> list[int]:
        return [
            int(i)
            for i in self.php_json(
                """
$ids = array();
$wpdb->query( 'START TRANSACTION' );
foreach ( $args['rows'] as $row ) {
	$parent = (int) $row['parent'];
	if ( $args['parent_is_index'] ) {
		$parent = $parent < 0 ? 0 : $ids[ $parent ];
	}
	$ok = $wpdb->insert(
		$wpdb->comments,
		array(
			'comment_post_ID' => $args['post'],
			'comment_author' => $row['author'],
			'comment_author_email' => $row['email'],
			'comment_author_url' => $row['url'],
			'comment_author_IP' => $row['ip'],
			'comment_date' => get_date_from_gmt( $row['date_gmt'] ),
			'comment_date_gmt' => $row['date_gmt'],
			'comment_content' => $row['content'],
			'comment_karma' => 0,
			'comment_approved' => $row['approved'],
			'comment_agent' => 'agora-tests',
			'comment_type' => $row['type'],
			'comment_parent' => $parent,
			'user_id' => $row['user_id'],
		)
	);
	if ( ! $ok ) { throw new Exception( 'insert failed: ' . $wpdb->last_error ); }
	$ids[] = (int) $wpdb->insert_id;
}
$wpdb->query( 'COMMIT' );
wp_update_comment_count_now( $args['post'] );
clean_post_cache( $args['post'] );
wp_cache_set_comments_last_changed();
return $ids;
""",
                {"post": post_id, "rows": rows, "parent_is_index": parent_is_index},
            )
        ]

    def create_user(
        self,
        login: str,
        role: str = "subscriber",
        email: str | None = None,
        password: str | None = None,
        *,
        display_name: str | None = None,
    ) -> int:
        """Create a user and return its id."""
        return int(
            self.php_json(
                """
$id = wp_insert_user( array(
	'user_login' => $args['login'], 'user_email' => $args['email'],
	'user_pass' => $args['password'], 'role' => $args['role'],
	'display_name' => $args['display_name'],
) );
if ( is_wp_error( $id ) ) { throw new Exception( $id->get_error_message() ); }
return $id;
""",
                {
                    "login": login,
                    "role": role,
                    "email": email or f"{login}@example.com",
                    "password": password or secrets.token_urlsafe(16),
                    "display_name": display_name or login,
                },
            )
        )

    def app_password(self, user_id: int, name: str = "agora tests") -> str:
        """Create an Application Password for the user and return it (plain text)."""
        return str(
            self.php_json(
                """
$created = WP_Application_Passwords::create_new_application_password(
	$args['user'], array( 'name' => $args['name'] )
);
if ( is_wp_error( $created ) ) { throw new Exception( $created->get_error_message() ); }
return $created[0];
""",
                {"user": user_id, "name": name},
            )
        )

    def set_option(self, name: str, value: Any) -> None:
        """``update_option(name, value)``."""
        self.php_json(
            "update_option( $args['name'], $args['value'] );", {"name": name, "value": value}
        )

    def get_option(self, name: str) -> Any:
        """``get_option(name)``."""
        return self.php_json("return get_option( $args );", name)

    def set_flood_control(self, enabled: bool) -> None:
        """Switch WordPress's comment flood control (15 s per IP or email) on or off."""
        self.set_option("agora_flood_control", "1" if enabled else "0")

    def fail_next_rest_requests(self, count: int, status: int = 503) -> None:
        """Make the next ``count`` REST API requests answer ``status`` (a real error answer
        from WordPress, for testing retries); 0 switches that off."""
        self.set_option("agora_rest_failure_status", int(status))
        self.set_option("agora_rest_failures", int(count))

    def comments_of(self, post_id: int) -> list[dict[str, Any]]:
        """Every comment of a post in any status (server truth), oldest id first.

        Each is a dict: ``id, post, parent, author, email, url, content, status`` (approved,
        unapproved, spam, trash), ``approved`` (raw column), ``date_gmt``, ``user_id``, ``type``.
        """
        return list(
            self.php_json(
                """
$out = array();
$comments = get_comments( array(
	'post_id' => $args, 'status' => 'any', 'orderby' => 'comment_ID', 'order' => 'ASC',
	'update_comment_meta_cache' => false, 'no_found_rows' => true,
) );
foreach ( $comments as $c ) {
	$out[] = array(
		'id' => (int) $c->comment_ID, 'post' => (int) $c->comment_post_ID,
		'parent' => (int) $c->comment_parent, 'author' => $c->comment_author,
		'email' => $c->comment_author_email, 'url' => $c->comment_author_url,
		'content' => $c->comment_content, 'status' => wp_get_comment_status( $c ),
		'approved' => $c->comment_approved, 'date_gmt' => $c->comment_date_gmt,
		'user_id' => (int) $c->user_id, 'type' => $c->comment_type,
	);
}
return $out;
""",
                post_id,
            )
        )

    def mail_log(self) -> list[dict[str, Any]]:
        """Mail WordPress tried to send (recipients and subjects)."""
        path = self._path("content", "mail.log")
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def _email_for(name: str) -> str:
    local = "".join(ch for ch in name.lower() if ch.isalnum()) or "reader"
    return f"{local}@example.com"


def _approved(value: int | str | bool) -> str:
    if value is True or value == 1 or value == "1":
        return "1"
    if value is False or value == 0 or value == "0":
        return "0"
    if value in ("spam", "trash"):
        return str(value)
    raise ValueError(f"approved must be 1, 0, 'spam' or 'trash', not {value!r}")


def _config_owner(text: str) -> int | None:
    for line in text.splitlines():
        if line.startswith(CONFIG_MARKER):
            for part in line.split():
                if part.startswith("pid="):
                    with contextlib.suppress(ValueError):
                        return int(part[4:])
    return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def main() -> None:  # pragma: no cover - manual use
    server = WordPressServer()
    server.start()
    print(f"WordPress at {server.base_url} in {server.startup_seconds:.2f} s {server.timings}")
    print(f"admin: {server.admin_user} / {server.admin_password}")
    try:
        while server.running:
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


if __name__ == "__main__":  # pragma: no cover
    main()
