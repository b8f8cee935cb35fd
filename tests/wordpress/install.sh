#!/bin/sh
# Install what the integration tests need: WordPress, PHP (CLI) and MariaDB, plus gnome-keyring
# and dbus for a real Secret Service keyring, all from
# Debian packages. Idempotent: a quick no-op when everything is already there.
#
# Services are never started (a policy-rc.d forbids it while installing): the tests run their
# own MariaDB and PHP built-in web server on loopback. The order matters: php-cgi, php and
# micro-httpd come before wordpress so that its "apache2 | httpd" and "libapache2-mod-php | php"
# dependencies are met by them and apache2 is never pulled in. The default theme is listed so
# that post pages render as on a real site.
set -eu

PACKAGES="php-cgi php micro-httpd php-cli php-mysql mariadb-server mariadb-client wordpress wordpress-theme-twentytwentythree gnome-keyring dbus"

missing=""
for pkg in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $pkg"
    fi
done

if [ -z "$missing" ]; then
    echo "install.sh: WordPress test packages already installed"
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "install.sh: missing packages:$missing (run this script as root)" >&2
    exit 1
fi

echo "install.sh: installing$missing"

# Forbid service starts during the install, restoring any existing policy afterwards.
policy=/usr/sbin/policy-rc.d
backup=""
if [ -e "$policy" ]; then
    backup="$(mktemp)"
    cp -p "$policy" "$backup"
fi
restore() {
    if [ -n "$backup" ]; then
        mv -f "$backup" "$policy"
    else
        rm -f "$policy"
    fi
}
trap restore EXIT
trap "exit 130" INT TERM
printf '#!/bin/sh\nexit 101\n' > "$policy"
chmod 755 "$policy"

export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y -q --no-install-recommends $PACKAGES; then
    # A stale package list is the usual cause on a fresh machine.
    apt-get update -q
    apt-get install -y -q --no-install-recommends $PACKAGES
fi

echo "install.sh: done"
