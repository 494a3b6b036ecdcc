#!/usr/bin/env bash
# Package consumption check: packs every src/ project, checks each package's metadata, then builds the sample bot
# as an outside developer would (its sources copied out of the repository, a fresh project file with PackageReferences
# to the packed packages, no Directory.Build.props of ours) and runs it against a server that is not there (it must
# exit 69, the bot host's "cannot start" code). Prints one line per check: `<name> pass` or `<name> fail`.
#
#   eng/package-check.sh [Debug|Release]     # the configuration already built (eng/test.sh builds Debug)
set -uo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
command -v unzip >/dev/null 2>&1 || eng/test-services.sh unzip >/dev/null
configuration="${1:-Debug}"
out="$repo/artifacts/package-check"
feed="$out/feed"
rm -rf "$out" && mkdir -p "$feed"

result() { echo "$1 $2"; [ "$2" = pass ]; }
version=$(dotnet msbuild src/Chatalot.Client/Chatalot.Client.csproj -getProperty:PackageVersion -nologo 2>/dev/null | tr -d '[:space:]')
repository=$(dotnet msbuild src/Chatalot.Client/Chatalot.Client.csproj -getProperty:ChatalotRepositoryUrl -nologo 2>/dev/null | tr -d '[:space:]')
echo "packing $version ($configuration)" >&2

ok=pass
for project in src/*/*.csproj; do
  if ! dotnet pack "$project" -c "$configuration" --no-build -nologo -o "$feed" >"$out/pack.log" 2>&1; then
    cat "$out/pack.log" >&2; ok=fail
  fi
done
result pack "$ok"

# Metadata: version, license file and expression, readme, repository, XML docs beside every assembly, symbols.
ok=pass
for project in src/*/*.csproj; do
  id=$(basename "$project" .csproj)
  nupkg="$feed/$id.$version.nupkg"
  if [ ! -f "$nupkg" ] || [ ! -f "$feed/$id.$version.snupkg" ]; then echo "$id: no package or symbols for $version" >&2; ok=fail; continue; fi
  files=$(unzip -Z1 "$nupkg")
  nuspec=$(unzip -p "$nupkg" "$id.nuspec")
  for need in "lib/net10.0/$id.dll" "lib/net10.0/$id.xml" README.md LICENSE; do
    grep -qx "$need" <<<"$files" || { echo "$id: $need missing from the package" >&2; ok=fail; }
  done
  for need in "<version>$version</version>" '<license type="expression">MIT</license>' "<projectUrl>$repository</projectUrl>" \
    "<repository type=\"git\" url=\"$repository.git\"" '<readme>README.md</readme>' '<description>'; do
    grep -qF "$need" <<<"$nuspec" || { echo "$id: nuspec lacks $need" >&2; ok=fail; }
  done
  grep -q 'example.invalid' <<<"$nuspec" && { echo "$id: placeholder URL in the nuspec" >&2; ok=fail; }
done
result package-metadata "$ok"

# The sample bot, outside the repository, from the packages only.
consumer="$out/consumer"
mkdir -p "$consumer"
cp samples/Chatalot.Samples.Bot/*.cs samples/Chatalot.Samples.Bot/appsettings.json "$consumer/"
hosting=$(grep -o 'Include="Microsoft.Extensions.Hosting" Version="[^"]*"' Directory.Packages.props | grep -o 'Version="[^"]*"')
cat >"$consumer/SampleBot.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
    <RootNamespace>Chatalot.Samples.Bot</RootNamespace>
    <AssemblyName>Chatalot.Samples.Bot</AssemblyName>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Chatalot.Client" Version="$version" />
    <PackageReference Include="Microsoft.Extensions.Hosting" $hosting />
    <None Update="appsettings.json" CopyToOutputDirectory="PreserveNewest" />
  </ItemGroup>
</Project>
EOF
cat >"$consumer/nuget.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
  <packageSourceMapping>
    <packageSource key="local"><package pattern="Chatalot.*" /></packageSource>
    <packageSource key="nuget.org"><package pattern="*" /></packageSource>
  </packageSourceMapping>
</configuration>
EOF
# Out of the repository's reach: no Directory.Build.props, Directory.Packages.props or global.json of ours above it.
isolated=$(mktemp -d /tmp/chatalot-consumer.XXXXXX)
cp -r "$consumer/." "$isolated/"
# A package of the same version from an earlier run must not be reused from the global cache.
rm -rf "${NUGET_PACKAGES:-$HOME/.nuget/packages}"/chatalot.*
ok=pass
if ! (cd "$isolated" && dotnet build -c Release -nologo -clp:NoSummary) >"$out/consumer-build.log" 2>&1; then
  cat "$out/consumer-build.log" >&2; ok=fail
elif grep -q 'ProjectReference' "$isolated/SampleBot.csproj" || [ ! -f "$isolated/bin/Release/net10.0/Chatalot.Client.dll" ]; then
  echo "the consumer did not build from the packages" >&2; ok=fail
fi
result consumer-build "$ok"

# It runs: with no server listening the bot host exits 69 after its first connect fails.
ok=pass
if [ -f "$isolated/bin/Release/net10.0/Chatalot.Samples.Bot.dll" ]; then
  # A loopback port nothing listens on (bash's /dev/tcp: the connection is refused).
  port=47000
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  (cd "$isolated/bin/Release/net10.0" && Chatalot__ServerUrl="http://127.0.0.1:$port/" Chatalot__Password="an unused password" \
    Chatalot__StorePassphrase="an unused passphrase" Chatalot__StorePath="$isolated/bot.store" Bot__StartupRetry__MaxRetries=0 \
    timeout 120 dotnet Chatalot.Samples.Bot.dll) >"$out/consumer-run.log" 2>&1
  code=$?
  [ "$code" -eq 69 ] || { echo "the consumed sample bot exited $code, not 69" >&2; tail -20 "$out/consumer-run.log" >&2; ok=fail; }
else
  ok=fail
fi
result consumer-run "$ok"
rm -rf "$isolated"
