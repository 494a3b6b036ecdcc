#!/usr/bin/env bash
# Builds the documentation site (API reference from the XML docs plus the articles) into docs/_site.
# Offline: DocFX comes from the local tool manifest and PDF output is off. Warnings fail the build.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
dotnet docfx docs/docfx.json --warningsAsErrors "$@"
echo "docs built: docs/_site/index.html"
