using System.Reflection;
using System.Text.Json.Serialization;
using Chatalot.Protocol.Gateway;
using Chatalot.Protocol.Serialization;

namespace Chatalot.Protocol.Tests;

/// <summary>Guards that every contract in the package is wired into the source-generated serializer.</summary>
public class ContractCoverageTests
{
    private static readonly Type[] Contracts = [.. typeof(ProtocolVersion).Assembly.GetExportedTypes()
        .Where(t => t.IsClass && !t.IsAbstract && t.Namespace != typeof(ChatalotJson).Namespace && t.GetMethod("<Clone>$") is not null)];

    [Fact]
    public void EveryConcreteFrame_IsRegisteredWithItsDiscriminator()
    {
        foreach (var (root, name) in new[] { (typeof(ServerFrame), "server"), (typeof(ClientFrame), "client") })
        {
            var registered = root.GetCustomAttributes<JsonDerivedTypeAttribute>().Select(a => a.DerivedType).ToHashSet();
            var concrete = Contracts.Where(root.IsAssignableFrom).ToList();
            Assert.NotEmpty(concrete);
            Assert.All(concrete, t => Assert.True(registered.Contains(t), $"{t.Name} is not a registered {name} frame"));
        }
    }

    [Fact]
    public void EveryContract_HasSourceGeneratedMetadata()
    {
        Assert.NotEmpty(Contracts);
        foreach (var type in Contracts.Where(t => !typeof(ServerFrame).IsAssignableFrom(t) && !typeof(ClientFrame).IsAssignableFrom(t)))
        {
            var info = ChatalotJson.Options.GetTypeInfo(type);
            Assert.Equal(type, info.Type);
        }
    }

    [Fact]
    public void EveryEnum_SerialisesAsSnakeCaseText()
    {
        var enums = typeof(ProtocolVersion).Assembly.GetExportedTypes().Where(t => t.IsEnum).ToList();
        Assert.NotEmpty(enums);
        foreach (var type in enums)
        {
            Assert.NotNull(type.GetCustomAttribute<JsonConverterAttribute>());
            foreach (var value in Enum.GetValues(type))
            {
                var json = System.Text.Json.JsonSerializer.Serialize(value, type, ChatalotJson.Options);
                // Flag sets (CommunityPermissions) are arrays of snake_case names.
                Assert.Matches(type.GetCustomAttribute<FlagsAttribute>() is null ? "^\"[a-z_]+\"$" : "^\\[(\"[a-z_]+\"(,\"[a-z_]+\")*)?\\]$", json);
            }
        }
    }
}
