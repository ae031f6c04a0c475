#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# autogen.sh - generates ./configure from configure.ac and Makefile.am.
set -e
cd "$(dirname "$0")"
mkdir -p m4 build-aux
autoreconf --install --force
# automake does not copy the TAP driver by itself
cp -f "$(automake --print-libdir)/tap-driver.sh" build-aux/tap-driver.sh
