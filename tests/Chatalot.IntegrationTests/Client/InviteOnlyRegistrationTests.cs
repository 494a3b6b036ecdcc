using Chatalot.Client;
using Chatalot.IntegrationTests.Infrastructure;
using Chatalot.Protocol.Accounts;
using Chatalot.Protocol.Errors;
using Chatalot.Server.Hosting;

namespace Chatalot.IntegrationTests.Client;

/// <summary>A bot registers itself on an invite-only server (the sample server's default) with a registration invite.</summary>
public sealed class InviteOnlyRegistrationTests : IAsyncLifetime
{
    private const string Password = "a long enough password";
    private ChatalotTestServer _server = null!;

    public async Task InitializeAsync() => _server = await ChatalotTestServer.StartAsync(
        ChatalotDatabaseProvider.Sqlite, o => o with { RegistrationMode = RegistrationMode.InviteOnly });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private ChatalotClientOptions Options(string name, string? invite) => new()
    {
        ServerUrl = _server.BaseAddress,
        Username = name,
        Password = Password,
        RegisterIfMissing = true,
        RegistrationInviteCode = invite,
    };

    [Fact]
    public async Task RegisterIfMissing_UsesTheInviteCode_AndFailsTypedWithoutOne()
    {
        var ownerName = "owner" + Guid.NewGuid().ToString("N")[..8];
        await using var owner = new ChatalotClient(Options(ownerName, invite: null));
        await owner.Rest.RegisterAsync(ChatalotApi.Registration(ownerName, Password), CancellationToken.None);
        var invite = await owner.Rest.AdminCreateRegistrationInviteAsync(new CreateInviteRequest(MaxUses: 1), CancellationToken.None);

        await using var uninvited = new ChatalotClient(Options("nobot" + Guid.NewGuid().ToString("N")[..8], invite: null));
        var refused = await Assert.ThrowsAsync<ChatalotApiException>(() => uninvited.ConnectAsync(CancellationToken.None));
        Assert.Equal(ErrorCodes.RegistrationClosed, refused.Code);

        await using var bot = new ChatalotClient(Options("bot" + Guid.NewGuid().ToString("N")[..8], invite.Code));
        await bot.ConnectAsync(CancellationToken.None);
        Assert.NotNull(bot.CurrentUserId);
    }
}
