#!/usr/bin/env bash
# Packs Connectors.Core and proves that a fresh console app can reference the package and use it.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out="$root/artifacts/packages"
rm -rf "$out"
dotnet pack src/Connectors.Core/Connectors.Core.csproj -c Release -o "$out" -v q --nologo
version=$(ls "$out"/Connectors.Core.*.nupkg | grep -v snupkg | sed -E 's/.*Connectors\.Core\.(.*)\.nupkg/\1/')
app=$(mktemp -d)
trap 'rm -rf "$app"' EXIT
cat > "$app/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$out" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
</configuration>
XML
cat > "$app/Smoke.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Connectors.Core" Version="$version" />
    <PackageReference Include="Microsoft.Extensions.DependencyInjection" Version="10.0.15" />
  </ItemGroup>
</Project>
XML
cat > "$app/Program.cs" <<'CS'
using System.Text.Json.Nodes;
using Connectors;
using Microsoft.Extensions.DependencyInjection;

var services = new ServiceCollection();
services.AddConnectors();
await using var provider = services.BuildServiceProvider();
var registry = provider.GetRequiredService<IConnectorRegistry>();
var log = await registry.CreateAsync(new CreateConnectorRequest { Name = "log", ConnectorTypeId = ".server-log" });
var result = await registry.ExecuteAsync(new ExecuteRequest
{
    ConnectorId = log.Id,
    Params = new JsonObject { ["message"] = "{{alert}} from the package" },
    Variables = new { alert = "hello" },
});
Console.WriteLine($"package smoke: {result.Status}");
return result.IsSuccess ? 0 : 1;
CS
# Keep the repository's Directory.*.props out of the way.
touch "$app/Directory.Build.props" "$app/Directory.Packages.props"
echo '<Project />' > "$app/Directory.Build.props"
echo '<Project />' > "$app/Directory.Packages.props"
dotnet run --project "$app/Smoke.csproj" -v q --nologo
