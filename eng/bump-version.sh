#!/usr/bin/env bash
# Bumps the package version, kept in one place (Directory.Build.props: VersionPrefix + VersionSuffix), and turns the
# changelog's "## Unreleased" section into the new version's, dated today, with a fresh empty Unreleased above it.
#
#   eng/bump-version.sh major|minor|patch [suffix]   # 0.2.0 -> 0.3.0 with `minor`; suffix e.g. preview.1 (none: a release)
#   eng/bump-version.sh suffix <suffix>               # same numbers, new suffix: 0.2.0-preview.1 -> 0.2.0-preview.2
#   eng/bump-version.sh show                          # prints the current version
set -euo pipefail
cd "$(dirname "$0")/.."
props=Directory.Build.props
prefix=$(grep -oP '(?<=<VersionPrefix>)[^<]+' "$props")
suffix=$(grep -oP '(?<=<VersionSuffix>)[^<]*' "$props" || true)
current="$prefix${suffix:+-$suffix}"

case "${1:-}" in
  show) echo "$current"; exit 0 ;;
  major|minor|patch) IFS=. read -r major minor patch <<<"$prefix"
    case "$1" in
      major) major=$((major + 1)); minor=0; patch=0 ;;
      minor) minor=$((minor + 1)); patch=0 ;;
      patch) patch=$((patch + 1)) ;;
    esac
    prefix="$major.$minor.$patch"; suffix="${2:-}" ;;
  suffix) [ -n "${2:-}" ] || { echo "usage: $0 suffix <suffix>" >&2; exit 2; }; suffix="$2" ;;
  *) sed -n '2,8p' "$0" >&2; exit 2 ;;
esac
[[ "$prefix" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "bad version prefix $prefix" >&2; exit 2; }
[[ -z "$suffix" || "$suffix" =~ ^[0-9A-Za-z.-]+$ ]] || { echo "bad suffix $suffix" >&2; exit 2; }
next="$prefix${suffix:+-$suffix}"

sed -i -E "s|<VersionPrefix>[^<]+</VersionPrefix>|<VersionPrefix>$prefix</VersionPrefix>|; s|<VersionSuffix>[^<]*</VersionSuffix>|<VersionSuffix>$suffix</VersionSuffix>|" "$props"
# The Unreleased section becomes this version's; a new empty Unreleased names the version after it.
sed -i -E "0,/^## Unreleased.*/s//## Unreleased\n\n## $next ($(date -u +%F))/" CHANGELOG.md
echo "$current -> $next (Directory.Build.props, CHANGELOG.md); review with git diff"
