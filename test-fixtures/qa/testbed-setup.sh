# autopkgtest --setup-commands for lighttpdctl's offline testbeds (the e2e images in podman, netns "none"). Runs
# as root inside the testbed before the package is installed.
set -e
# No network: the archive's sources could only fail apt-get update; every dependency is in the image already.
rm -f /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list
# autopkgtest serves the .deb under test from a local apt repository it indexes with apt-ftparchive (apt-utils,
# not in the image, and the testbed cannot download it). This stand-in does what autopkgtest asks of it,
# `apt-ftparchive packages .` and `apt-ftparchive release .`, for a flat directory of .debs.
if ! command -v apt-ftparchive >/dev/null; then
    cat >/usr/local/bin/apt-ftparchive <<'SHIM'
#!/bin/sh
set -e
case "$1" in
    packages)
        for deb in "$2"/*.deb; do
            dpkg-deb -f "$deb"
            echo "Filename: $deb"
            echo "Size: $(stat -c %s "$deb")"
            echo "MD5sum: $(md5sum <"$deb" | cut -d' ' -f1)"
            echo "SHA256: $(sha256sum <"$deb" | cut -d' ' -f1)"
            echo
        done
        ;;
    release)
        echo "Date: $(LC_ALL=C date -u -R)"
        echo "SHA256:"
        echo " $(sha256sum <"$2/Packages" | cut -d' ' -f1) $(stat -c %s "$2/Packages") Packages"
        ;;
    *) echo "apt-ftparchive stand-in: $1 is not supported" >&2; exit 1 ;;
esac
SHIM
    chmod 755 /usr/local/bin/apt-ftparchive
fi
